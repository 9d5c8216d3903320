package io.seckill.ingress.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.HostAndPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplicaWatchUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

	private static final HostAndPort MASTER = new HostAndPort("127.0.0.1", 6390);

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final NoticeReceiver receiver = new NoticeReceiver();

	private final ReplicaWatch watch = new ReplicaWatch("seckill", () -> null,
			new ReplicaAlertProperties(2, Duration.ofSeconds(1), Duration.ofSeconds(2)),
			new AlertWebhook(this.receiver.url(), Duration.ofSeconds(2), JSON, "123@host"), this.meters,
			Clock.systemUTC());

	@AfterEach
	void stopReceiver() {
		this.receiver.close();
	}

	@Test
	void aMissingReplicaIsReportedOnceTheGraceIsOverAndItsReturnToo() {
		this.watch.observe(reading("127.0.0.1:6391", "127.0.0.1:6392"), T0);
		this.watch.observe(reading("127.0.0.1:6392"), T0.plusSeconds(1));
		this.watch.observe(reading("127.0.0.1:6392"), T0.plusSeconds(2));
		assertThat(connected()).isEqualTo(1);
		this.watch.observe(reading("127.0.0.1:6392"), T0.plusSeconds(3));

		JsonNode missing = awaitNotices(1).get(0);
		assertThat(missing.get("event").asString()).isEqualTo("redis.replicas_missing");
		assertThat(missing.get("masterName").asString()).isEqualTo("seckill");
		assertThat(missing.get("master").asString()).isEqualTo("127.0.0.1:6390");
		assertThat(missing.get("connected").asInt()).isEqualTo(1);
		assertThat(missing.get("expected").asInt()).isEqualTo(2);
		assertThat(missing.get("replicas").get(0).asString()).isEqualTo("127.0.0.1:6392");
		assertThat(missing.get("since").asString()).isEqualTo("2026-11-25T10:00:01Z");
		assertThat(missing.get("instance").asString()).isEqualTo("123@host");

		this.watch.observe(reading("127.0.0.1:6392"), T0.plusSeconds(4));
		this.watch.observe(reading("127.0.0.1:6391", "127.0.0.1:6392"), T0.plusSeconds(5));

		JsonNode restored = awaitNotices(2).get(1);
		assertThat(restored.get("event").asString()).isEqualTo("redis.replicas_restored");
		assertThat(restored.get("connected").asInt()).isEqualTo(2);
		assertThat(restored.get("since").asString()).isEqualTo("2026-11-25T10:00:01Z");
		assertThat(connected()).isEqualTo(2);
		assertThat(this.meters.get(ReplicaWatch.METRIC).tag("state", "expected").gauge().value()).isEqualTo(2);
	}

	@Test
	void aReplicaBackWithinTheGraceIsNotReported() {
		this.watch.observe(reading(), T0);
		this.watch.observe(reading("127.0.0.1:6391"), T0.plusSeconds(1));
		this.watch.observe(reading("127.0.0.1:6391", "127.0.0.1:6392"), T0.plusMillis(1500));

		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.receiver.notices().isEmpty());
		assertThat(connected()).isEqualTo(2);
	}

	@Test
	void losingTheLastReplicaIsReportedAgain() {
		this.watch.observe(reading("127.0.0.1:6391"), T0);
		this.watch.observe(reading("127.0.0.1:6391"), T0.plusSeconds(2));
		this.watch.observe(reading("127.0.0.1:6391"), T0.plusSeconds(3));
		this.watch.observe(reading(), T0.plusSeconds(4));

		List<JsonNode> sent = awaitNotices(2);
		assertThat(sent).extracting((notice) -> notice.get("connected").asInt()).containsExactly(1, 0);
		assertThat(sent).extracting((notice) -> notice.get("event").asString()).containsOnly("redis.replicas_missing");
	}

	@Test
	void anUnknownMasterLeavesTheCountUnknownAndReportsNothing() {
		this.watch.observe(reading("127.0.0.1:6391"), T0);
		this.watch.observe(null, T0.plusSeconds(3));

		assertThat(connected()).isNaN();
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.receiver.notices().isEmpty());
		this.watch.observe(reading("127.0.0.1:6391"), T0.plusSeconds(4));
		assertThat(awaitNotices(1).get(0).get("since").asString()).isEqualTo("2026-11-25T10:00:00Z");
	}

	private double connected() {
		return this.meters.get(ReplicaWatch.METRIC).tag("state", "connected").gauge().value();
	}

	private List<JsonNode> awaitNotices(int count) {
		List<JsonNode> notices = this.receiver.awaitNotices(count);
		assertThat(notices).hasSize(count);
		return notices;
	}

	private static ReplicaWatch.Reading reading(String... replicas) {
		return new ReplicaWatch.Reading(MASTER, List.of(replicas));
	}

}
