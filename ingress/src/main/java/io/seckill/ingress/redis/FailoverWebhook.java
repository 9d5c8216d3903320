package io.seckill.ingress.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.RedisMasterSwitched;

import org.springframework.context.event.EventListener;

/**
 * Posts a JSON notice to {@code SECKILL_ALERT_WEBHOOK}, when set, for every failover this
 * ingress followed. Fire and forget: sent asynchronously and never retried, so a slow or
 * dead receiver costs one log line, never a purchase's time. Each ingress instance sends
 * its own notice; {@code service} and {@code instance} tell them apart.
 */
class FailoverWebhook {

	private static final Log logger = LogFactory.getLog(FailoverWebhook.class);

	private final @Nullable URI url;

	private final Duration timeout;

	private final JsonMapper json;

	private final String instance;

	private final HttpClient http;

	FailoverWebhook(@Nullable URI url, Duration timeout, JsonMapper json, String instance) {
		this.url = url;
		this.timeout = timeout;
		this.json = json;
		this.instance = instance;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	@EventListener
	void on(RedisMasterSwitched switched) {
		if (this.url != null && switched.from() != null) {
			send(this.url, switched);
		}
	}

	CompletableFuture<Integer> send(URI to, RedisMasterSwitched switched) {
		Notice notice = new Notice("redis.failover", switched.masterName(), String.valueOf(switched.from()),
				switched.to().toString(), switched.announcedAt(), switched.switchedAt(), switched.detectedBy(),
				"ingress", this.instance);
		HttpRequest request = HttpRequest.newBuilder(to)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(notice)))
			.build();
		return this.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
			if (failure != null) {
				logger.warn("Failover notice to " + to + " failed: " + failure);
				return -1;
			}
			if (response.statusCode() >= 300) {
				logger.warn("Failover notice to " + to + " answered " + response.statusCode());
			}
			return response.statusCode();
		});
	}

	/**
	 * The JSON notice.
	 *
	 * @param event always {@code redis.failover}
	 * @param masterName the master name the sentinels monitor
	 * @param from the old master
	 * @param to the new master
	 * @param announcedAt when the sentinels announced it
	 * @param switchedAt when this ingress followed
	 * @param detectedBy which announcement it followed
	 * @param service always {@code ingress}
	 * @param instance this process
	 */
	record Notice(String event, String masterName, String from, String to, Instant announcedAt, Instant switchedAt,
			String detectedBy, String service, String instance) {
	}

}
