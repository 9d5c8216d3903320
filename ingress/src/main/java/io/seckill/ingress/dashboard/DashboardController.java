package io.seckill.ingress.dashboard;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.SentinelEvent;
import io.seckill.common.redis.SentinelEventLog;
import io.seckill.ingress.metrics.OperationsSampler;
import io.seckill.ingress.metrics.OperationsSnapshot;
import io.seckill.ingress.room.RoomMetrics;
import io.seckill.ingress.room.WaitingRoomFigures;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dashboard}: the page (public; it holds no data). {@code GET
 * /api/admin/dashboard} (admin scope): the last sample, the history after {@code since}
 * (epoch milliseconds; all of it without), and the sentinel event timeline. The page
 * polls it every second.
 */
@RestController
class DashboardController {

	/**
	 * Scripts and styles from this origin only, nothing inline: the page keeps an admin
	 * token in session storage, so injected script must not run.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	private static final Resource PAGE = new ClassPathResource("static/dashboard/index.html");

	private final OperationsSampler sampler;

	private final DashboardHistory history;

	private final SentinelEventLog events;

	private final RoomMetrics rooms;

	DashboardController(OperationsSampler sampler, DashboardHistory history, SentinelEventLog events,
			RoomMetrics rooms) {
		this.sampler = sampler;
		this.history = history;
		this.events = events;
		this.rooms = rooms;
	}

	@GetMapping(path = { "/dashboard", "/dashboard/" }, produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<Resource> page() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
			.header("Referrer-Policy", "no-referrer")
			.contentType(MediaType.TEXT_HTML)
			.body(PAGE);
	}

	@GetMapping(path = "/api/admin/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Dashboard> dashboard(@RequestParam(required = false) @Nullable Long since) {
		Instant after = (since != null) ? Instant.ofEpochMilli(since) : null;
		Dashboard dashboard = new Dashboard(this.sampler.latest(), this.history.since(after), this.events.recent(),
				DashboardHistory.WINDOW.toSeconds(), this.rooms.figures());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(dashboard);
	}

	/**
	 * What the page draws.
	 *
	 * @param current the last sample
	 * @param history one point a second, oldest first
	 * @param events the sentinel event timeline, oldest first
	 * @param windowSeconds how much history the ingress keeps
	 * @param rooms the open waiting rooms (issue 11)
	 */
	record Dashboard(OperationsSnapshot current, List<DashboardHistory.Point> history, List<SentinelEvent> events,
			long windowSeconds, List<WaitingRoomFigures> rooms) {
	}

}
