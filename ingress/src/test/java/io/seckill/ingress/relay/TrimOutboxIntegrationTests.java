package io.seckill.ingress.relay;

import java.util.Map;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code trim-outbox.lua} on the test master: entries acknowledged but not deleted (an
 * {@code XDEL} lost in a failover) go; entries pending with a relay and entries not yet
 * delivered stay.
 */
class TrimOutboxIntegrationTests {

	private static final String STREAM = "test:trim-outbox";

	private static final String GROUP = "relay";

	private static SeckillRedis redis;

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
	}

	@AfterAll
	static void close() {
		redis.sync().del(STREAM);
		redis.close();
	}

	@Test
	void acknowledgedEntriesGoPendingAndUndeliveredOnesStay() {
		RedisCommands<String, String> commands = redis.sync();
		commands.del(STREAM);
		String first = commands.xadd(STREAM, Map.of("purchaseId", "p1"));
		String second = commands.xadd(STREAM, Map.of("purchaseId", "p2"));
		commands.xgroupCreate(XReadArgs.StreamOffset.from(STREAM, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
		assertThat(trim(commands)).as("nothing delivered yet").isZero();
		var read = commands.xreadgroup(Consumer.from(GROUP, "relay-1"), XReadArgs.Builder.count(2),
				XReadArgs.StreamOffset.lastConsumed(STREAM));
		assertThat(read).extracting(StreamMessage::getId).containsExactly(first, second);
		String third = commands.xadd(STREAM, Map.of("purchaseId", "p3"));
		commands.xack(STREAM, GROUP, first);

		assertThat(trim(commands)).as("the acknowledged first entry").isEqualTo(1);
		assertThat(commands.xrange(STREAM, io.lettuce.core.Range.create("-", "+"))).extracting(StreamMessage::getId)
			.containsExactly(second, third);

		commands.xack(STREAM, GROUP, second);
		assertThat(trim(commands)).as("the second, now acknowledged; the third was never delivered").isEqualTo(1);
		assertThat(commands.xrange(STREAM, io.lettuce.core.Range.create("-", "+"))).extracting(StreamMessage::getId)
			.containsExactly(third);
	}

	private static long trim(RedisCommands<String, String> commands) {
		return new TrimOutboxScript(STREAM, GROUP).trim(commands);
	}

}
