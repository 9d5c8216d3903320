package io.seckill.ingress.redis;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.seckill.common.redis.RedisMasterSwitched;

import org.springframework.context.event.EventListener;

/**
 * Sends the {@code redis.failover} notice through the {@link AlertWebhook} for every
 * failover this ingress followed.
 */
class FailoverWebhook {

	private final AlertWebhook alerts;

	FailoverWebhook(AlertWebhook alerts) {
		this.alerts = alerts;
	}

	@EventListener
	void on(RedisMasterSwitched switched) {
		if (switched.from() != null) {
			post(switched);
		}
	}

	CompletableFuture<Integer> post(RedisMasterSwitched switched) {
		return this.alerts.post(new Notice("redis.failover", switched.masterName(), String.valueOf(switched.from()),
				switched.to().toString(), switched.announcedAt(), switched.switchedAt(), switched.detectedBy(),
				"ingress", this.alerts.instance()));
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
