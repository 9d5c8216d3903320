package io.seckill.ingress.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.reactor.netty.NettyRouteProvider;

/**
 * What a load balancer needs on the public port, and nothing more: {@code GET
 * /actuator/health}, {@code /actuator/health/liveness} and
 * {@code /actuator/health/readiness}, answering {@code {"status":"UP"}} (200) or the
 * status that is not (503), without details. Everything else of the actuator (details,
 * metrics, Prometheus) is on the management port, which is private by default. Liveness
 * is answered from memory (it is what an orchestrator asks most often); readiness and
 * health ask the same health groups as the management port does.
 */
final class PublicHealthRoute implements NettyRouteProvider {

	private static final String HEALTH = "/actuator/health";

	private static final String LIVENESS = HEALTH + "/liveness";

	private static final String READINESS = HEALTH + "/readiness";

	private static final byte[] UP = status(Status.UP);

	private static final byte[] DOWN = status(Status.DOWN);

	private final PublicPort port;

	private final ApplicationAvailability availability;

	private final ObjectProvider<HealthEndpoint> health;

	private final Scheduler blocking;

	PublicHealthRoute(PublicPort port, ApplicationAvailability availability, ObjectProvider<HealthEndpoint> health,
			Executor blocking) {
		this.port = port;
		this.availability = availability;
		this.health = health;
		this.blocking = Schedulers.fromExecutor(blocking);
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(this::matches, this::answer);
	}

	private boolean matches(HttpServerRequest request) {
		HttpMethod method = request.method();
		if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
			return false;
		}
		String path = path(request.uri());
		return (path.equals(LIVENESS) || path.equals(READINESS) || path.equals(HEALTH)) && this.port.accepts(request);
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		String path = path(request.uri());
		if (path.equals(LIVENESS)) {
			boolean live = this.availability.getLivenessState() == LivenessState.CORRECT;
			return EdgeAnswers.json(response, live ? 200 : 503, live ? UP : DOWN);
		}
		Function<HealthEndpoint, HealthDescriptor> ask = path.equals(READINESS)
				? (endpoint) -> endpoint.healthForPath("readiness") : HealthEndpoint::health;
		return Mono.fromCallable(() -> statusOf(ask))
			.subscribeOn(this.blocking)
			.flatMap((status) -> EdgeAnswers.json(response, Status.UP.equals(status) ? 200 : 503, status(status)));
	}

	private Status statusOf(Function<HealthEndpoint, HealthDescriptor> ask) {
		HealthEndpoint endpoint = this.health.getIfAvailable();
		HealthDescriptor descriptor = (endpoint != null) ? ask.apply(endpoint) : null;
		return (descriptor != null) ? descriptor.getStatus() : Status.UNKNOWN;
	}

	private static String path(String uri) {
		int query = uri.indexOf('?');
		return (query >= 0) ? uri.substring(0, query) : uri;
	}

	private static byte[] status(Status status) {
		return ("{\"status\":\"" + status.getCode() + "\"}").getBytes(StandardCharsets.UTF_8);
	}

}
