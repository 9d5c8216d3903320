package io.seckill.ingress.redis;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.HostAndPort;
import io.seckill.common.redis.RedisMasterSwitched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FailoverWebhookUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NoticeReceiver receiver = new NoticeReceiver();

	private final FailoverWebhook webhook = new FailoverWebhook(
			new AlertWebhook(this.receiver.url(), Duration.ofSeconds(2), JSON, "123@host"));

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void postsAJsonNoticeForAFailover() {
		this.webhook.on(switched());

		JsonNode notice = this.receiver.awaitNotices(1).get(0);
		assertThat(notice.get("event").asString()).isEqualTo("redis.failover");
		assertThat(notice.get("masterName").asString()).isEqualTo("seckill");
		assertThat(notice.get("from").asString()).isEqualTo("127.0.0.1:6380");
		assertThat(notice.get("to").asString()).isEqualTo("127.0.0.1:6381");
		assertThat(notice.get("detectedBy").asString()).isEqualTo("+switch-master from 127.0.0.1:26380");
		assertThat(notice.get("instance").asString()).isEqualTo("123@host");
	}

	@Test
	void sendsNothingForTheFirstMasterOfAProcess() {
		Instant at = Instant.now();

		this.webhook
			.on(new RedisMasterSwitched("seckill", null, new HostAndPort("127.0.0.1", 6380), at, at, "sentinel poll"));

		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(this.receiver.notices()).isEmpty());
	}

	private static RedisMasterSwitched switched() {
		Instant at = Instant.parse("2026-11-25T10:00:00Z");
		return new RedisMasterSwitched("seckill", new HostAndPort("127.0.0.1", 6380),
				new HostAndPort("127.0.0.1", 6381), at, at.plusMillis(5), "+switch-master from 127.0.0.1:26380");
	}

}
