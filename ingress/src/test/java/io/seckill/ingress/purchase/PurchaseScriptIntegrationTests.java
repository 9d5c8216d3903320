package io.seckill.ingress.purchase;

import java.time.Instant;
import java.util.UUID;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SeckillRedisProperties;
import io.seckill.ingress.purchase.ScriptOutcome.Code;
import io.seckill.ingress.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code purchase.lua} on the real test Redis master (found through the test sentinels
 * that {@code ./seckill test} starts).
 */
class PurchaseScriptIntegrationTests {

	private static SeckillRedis redis;

	private static PurchaseScript script;

	/** One attempt a second, two at once. */
	private static PurchaseScript limited;

	private final String saleId = "script-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void connect() {
		SeckillRedisProperties properties = TestRedis.properties();
		redis = new SeckillRedis(properties);
		script = new PurchaseScript(redis, properties, new UserRateLimitProperties(0, 1));
		limited = new PurchaseScript(redis, properties, new UserRateLimitProperties(1, 2));
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@AfterEach
	void removeSale() {
		RedisCommands<String, String> commands = redis.sync();
		commands.del(RedisKeys.sale(this.saleId), RedisKeys.remaining(this.saleId), RedisKeys.buyers(this.saleId),
				RedisKeys.acceptedKeys(this.saleId), RedisKeys.holdings(this.saleId));
	}

	@Test
	void runningTheSameCallTwiceTakesStockOnceAndAnswersTheSamePurchase() {
		openSale(5, 1);
		String purchaseId = UUID.randomUUID().toString();

		// What Lettuce does when it replays a command after a reconnect: the very same
		// call.
		ScriptOutcome first = script.run(this.saleId, "u1", 1, "key-" + purchaseId, purchaseId).join();
		ScriptOutcome replayed = script.run(this.saleId, "u1", 1, "key-" + purchaseId, purchaseId).join();

		assertThat(first).isEqualTo(new ScriptOutcome(Code.ACCEPTED, purchaseId));
		assertThat(replayed).isEqualTo(new ScriptOutcome(Code.REPLAY, purchaseId));
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("4");
		assertThat(redis.sync().hget(RedisKeys.buyers(this.saleId), "u1")).isEqualTo("1");
		assertThat(redis.sync().hget(RedisKeys.purchase(purchaseId), "status")).isEqualTo("PENDING");
	}

	@Test
	void refusesWithoutChangingAnything() {
		openSale(1, 1);
		assertThat(script.run(this.saleId, "u1", 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.ACCEPTED);

		assertThat(script.run(this.saleId, "u1", 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.SOLD_OUT);
		assertThat(script.run(this.saleId, "u2", 2, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.TOO_MANY);
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("0");
		assertThat(redis.sync().hget(RedisKeys.buyers(this.saleId), "u2")).isNull();
	}

	@Test
	void perUserLimitHoldsAcrossIdempotencyKeys() {
		openSale(10, 2);

		assertThat(script.run(this.saleId, "u1", 2, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.ACCEPTED);
		assertThat(script.run(this.saleId, "u1", 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.LIMIT);
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("8");
	}

	@Test
	void limitAnswerNamesThePurchasesTheShopperHolds() {
		openSale(10, 2);
		String first = UUID.randomUUID().toString();
		String second = UUID.randomUUID().toString();
		script.run(this.saleId, "u1", 1, key(), first).join();
		script.run(this.saleId, "u1", 1, key(), second).join();
		script.run(this.saleId, "u2", 1, key(), UUID.randomUUID().toString()).join();

		ScriptOutcome refused = script.run(this.saleId, "u1", 1, key(), UUID.randomUUID().toString()).join();

		assertThat(refused.code()).isEqualTo(Code.LIMIT);
		assertThat(refused.held()).containsExactly(first, second);
	}

	@Test
	void windowIsCheckedWithRedisTime() {
		Instant now = Instant.now();
		load(5, 1, now.plusSeconds(3600), now.plusSeconds(7200));

		ScriptOutcome early = script.run(this.saleId, "u1", 1, key(), UUID.randomUUID().toString()).join();

		assertThat(early.code()).isEqualTo(Code.NOT_STARTED);
		assertThat(Long.parseLong(early.value())).isEqualTo(now.plusSeconds(3600).toEpochMilli());
	}

	@Test
	void shopperOverTheRateIsRefusedWithTheWaitAndChangesNothing() {
		openSale(10, 5);
		String user = "rate-" + UUID.randomUUID();

		assertThat(limited.run(this.saleId, user, 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.ACCEPTED);
		assertThat(limited.run(this.saleId, user, 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.ACCEPTED);
		ScriptOutcome third = limited.run(this.saleId, user, 1, key(), UUID.randomUUID().toString()).join();

		assertThat(third.code()).isEqualTo(Code.RATE_LIMITED);
		assertThat(Long.parseLong(third.value())).isBetween(1L, 1000L);
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("8");
		assertThat(redis.sync().hget(RedisKeys.buyers(this.saleId), user)).isEqualTo("2");
		assertThat(redis.sync().pttl(RedisKeys.userRate(user))).isBetween(1L, 2000L);
		assertThat(limited.run(this.saleId, "other-" + user, 1, key(), UUID.randomUUID().toString()).join().code())
			.as("another shopper has a budget of their own")
			.isEqualTo(Code.ACCEPTED);
		redis.sync().del(RedisKeys.userRate(user), RedisKeys.userRate("other-" + user));
	}

	@Test
	void replayOfAnAcceptedPurchaseCostsNoAttempt() {
		openSale(10, 5);
		String user = "rate-" + UUID.randomUUID();
		String purchaseId = UUID.randomUUID().toString();
		String key = key();

		assertThat(limited.run(this.saleId, user, 1, key, purchaseId).join().code()).isEqualTo(Code.ACCEPTED);
		for (int i = 0; i < 5; i++) {
			assertThat(limited.run(this.saleId, user, 1, key, purchaseId).join())
				.isEqualTo(new ScriptOutcome(Code.REPLAY, purchaseId));
		}

		assertThat(limited.run(this.saleId, user, 1, key(), UUID.randomUUID().toString()).join().code())
			.as("the burst of two still has one attempt left")
			.isEqualTo(Code.ACCEPTED);
		redis.sync().del(RedisKeys.userRate(user));
	}

	@Test
	void probingUnknownSalesCostsAttemptsToo() {
		String user = "rate-" + UUID.randomUUID();

		assertThat(limited.run("nope-" + this.saleId, user, 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.NO_SALE);
		assertThat(limited.run("nope-" + this.saleId, user, 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.NO_SALE);
		assertThat(limited.run("nope-" + this.saleId, user, 1, key(), UUID.randomUUID().toString()).join().code())
			.isEqualTo(Code.RATE_LIMITED);
		redis.sync().del(RedisKeys.userRate(user));
	}

	private static String key() {
		return "key-" + UUID.randomUUID();
	}

	private void openSale(int stock, int limit) {
		load(stock, limit, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
	}

	private void load(int stock, int limit, Instant startsAt, Instant endsAt) {
		redis.sync()
			.hset(RedisKeys.sale(this.saleId),
					java.util.Map.of("item", "x", "stock", Integer.toString(stock), "limit", Integer.toString(limit),
							"startsAt", Long.toString(startsAt.toEpochMilli()), "endsAt",
							Long.toString(endsAt.toEpochMilli())));
		redis.sync().set(RedisKeys.remaining(this.saleId), Integer.toString(stock));
	}

}
