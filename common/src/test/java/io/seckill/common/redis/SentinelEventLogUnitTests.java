package io.seckill.common.redis;

import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentinelEventLogUnitTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final SentinelEventLog log = new SentinelEventLog(10, this.meters);

	@Test
	void keepsTheNewestEventsUpToItsCapacity() {
		for (int i = 0; i < 15; i++) {
			this.log.record(event("+sdown", "master seckill 127.0.0.1 " + i));
		}

		assertThat(this.log.recent()).hasSize(10);
		assertThat(this.log.recent().get(0).detail()).endsWith(" 5");
		assertThat(this.log.recent().get(9).detail()).endsWith(" 14");
	}

	@Test
	void countsEventsByType() {
		this.log.record(event("+sdown", "master seckill 127.0.0.1 6380"));
		this.log.record(event("+sdown", "master seckill 127.0.0.1 6380"));
		this.log.record(event("+odown", "master seckill 127.0.0.1 6380 #quorum 2/2"));

		assertThat(this.meters.get("seckill.redis.sentinel.events").tag("type", "+sdown").counter().count())
			.isEqualTo(2);
		assertThat(this.meters.get("seckill.redis.sentinel.events").tag("type", "+odown").counter().count())
			.isEqualTo(1);
	}

	@Test
	void countsSwitchesAsFailoversAndNotesThemInTheTimeline() {
		Instant at = Instant.parse("2026-11-25T10:00:00Z");
		this.log.switched(new RedisMasterSwitched("seckill", new HostAndPort("127.0.0.1", 6380),
				new HostAndPort("127.0.0.1", 6381), at, at.plusMillis(7), "+switch-master from 127.0.0.1:26380"));

		assertThat(this.log.failovers()).isEqualTo(1);
		assertThat(this.log.recent()).singleElement().satisfies((event) -> {
			assertThat(event.source()).isEqualTo(SentinelEvent.SELF);
			assertThat(event.type()).isEqualTo("switched");
			assertThat(event.detail()).startsWith("127.0.0.1:6380 -> 127.0.0.1:6381").contains("7 ms");
		});
	}

	private static SentinelEvent event(String type, String detail) {
		return SentinelEvent.parse(Instant.now(), "127.0.0.1:26380", type, detail);
	}

}
