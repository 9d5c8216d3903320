package io.seckill.common.redis;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher against the test topology's real sentinels and master ({@code ./seckill
 * test} starts them): announcements are fed in as the sentinels would publish them.
 */
class SentinelWatcherIntegrationTests {

	private final SeckillRedis redis = new SeckillRedis(testProperties());

	private final SentinelEventLog events = new SentinelEventLog(200, new SimpleMeterRegistry());

	private final SentinelWatcher watcher = new SentinelWatcher(this.redis, this.events, (event) -> {
	}, new SentinelWatchProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), 200));

	@AfterEach
	void close() {
		this.watcher.stop();
		this.redis.close();
	}

	@Test
	void lateFailoverAnnouncementAboutAnEarlierMasterDoesNotFenceTheCurrentOne() {
		// Issue 12: a +try-failover about the master this process already left (another
		// sentinel's, delivered after the +switch-master) fenced the new, healthy master.
		HostAndPort current = this.redis.master().address();
		HostAndPort earlier = new HostAndPort(current.host(), current.port() + 1000);

		this.watcher.on("127.0.0.1:1", "+try-failover",
				"master " + masterName() + " " + earlier.host() + " " + earlier.port());

		await().atMost(Duration.ofSeconds(5)).until(() -> noted("fenced") || noted("ignored"));
		assertThat(this.redis.currentMaster().fenced()).isFalse();
		assertThat(this.redis.sync().ping()).isEqualTo("PONG");
	}

	@Test
	void failoverAnnouncementAboutTheCurrentMasterFencesIt() {
		HostAndPort current = this.redis.master().address();

		this.watcher.on("127.0.0.1:1", "+selected-slave",
				"slave 127.0.0.1:1 127.0.0.1 1 @ " + masterName() + " " + current.host() + " " + current.port());

		await().atMost(Duration.ofSeconds(5)).until(() -> this.redis.currentMaster().fenced());
		assertThat(this.redis.unfence()).isTrue();
	}

	private boolean noted(String type) {
		return this.events.recent()
			.stream()
			.anyMatch((event) -> SentinelEvent.SELF.equals(event.source()) && type.equals(event.type()));
	}

	private String masterName() {
		return this.redis.properties().masterName();
	}

	private static SeckillRedisProperties testProperties() {
		String sentinels = System.getenv()
			.getOrDefault("SECKILL_TEST_SENTINELS", "127.0.0.1:26390,127.0.0.1:26391,127.0.0.1:26392");
		String master = System.getenv().getOrDefault("SECKILL_TEST_REDIS_MASTER", "seckill-test");
		return new SeckillRedisProperties(List.of(sentinels.split(",")), master, null, Duration.ofSeconds(2),
				Duration.ofMinutes(10));
	}

}
