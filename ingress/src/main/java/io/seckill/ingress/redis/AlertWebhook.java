package io.seckill.ingress.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts JSON notices to {@code SECKILL_ALERT_WEBHOOK}, when set: a failover, a missing
 * replica. Fire and forget: sent asynchronously and never retried, so a slow or dead
 * receiver costs one log line, never a purchase's time. Notices go out one after the
 * other, in the order they were posted: a {@code redis.replicas_restored} must not
 * overtake the {@code redis.replicas_missing} it ends. Each ingress instance sends its
 * own notices; their {@code service} and {@code instance} fields tell them apart.
 */
class AlertWebhook {

	private static final Log logger = LogFactory.getLog(AlertWebhook.class);

	private final @Nullable URI url;

	private final Duration timeout;

	private final JsonMapper json;

	private final String instance;

	private final HttpClient http;

	private CompletableFuture<Integer> last = CompletableFuture.completedFuture(0);

	AlertWebhook(@Nullable URI url, Duration timeout, JsonMapper json, String instance) {
		this.url = url;
		this.timeout = timeout;
		this.json = json;
		this.instance = instance;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	/**
	 * Checks the configured webhook.
	 * @param webhook the value of {@code seckill.failover.alerts.webhook}
	 * @return the URL, or {@code null} when none is configured
	 * @throws IllegalStateException naming the property if it is not an http(s) URL
	 */
	static @Nullable URI url(@Nullable String webhook) {
		if (webhook == null || webhook.isBlank()) {
			return null;
		}
		try {
			URI url = URI.create(webhook.trim());
			if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
				throw new IllegalArgumentException("not an absolute http(s) URL");
			}
			return url;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("seckill.failover.alerts.webhook (SECKILL_ALERT_WEBHOOK) '" + webhook
					+ "' must be an absolute http:// or https:// URL: " + ex.getMessage(), ex);
		}
	}

	/**
	 * This process, as notices name it.
	 * @return {@code pid@host}
	 */
	String instance() {
		return this.instance;
	}

	/**
	 * Sends a notice, if a webhook is configured, once the notices posted before it were
	 * answered (or timed out).
	 * @param notice a record, sent as a JSON object
	 * @return the receiver's HTTP status; {@code -1} if it did not answer, {@code 0} if
	 * no webhook is configured
	 */
	synchronized CompletableFuture<Integer> post(Object notice) {
		URI to = this.url;
		if (to == null) {
			return CompletableFuture.completedFuture(0);
		}
		String body = this.json.writeValueAsString(notice);
		this.last = this.last.thenCompose((previous) -> send(to, body));
		return this.last;
	}

	private CompletableFuture<Integer> send(URI to, String body) {
		HttpRequest request = HttpRequest.newBuilder(to)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
			if (failure != null) {
				logger.warn("Alert notice to " + to + " failed: " + failure);
				return -1;
			}
			if (response.statusCode() >= 300) {
				logger.warn("Alert notice to " + to + " answered " + response.statusCode());
			}
			return response.statusCode();
		});
	}

}
