package io.seckill.ingress.purchase;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.ExpirePurchaseScript;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.ScriptMode;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SeckillRedisProperties;
import io.seckill.ingress.purchase.ScriptOutcome.Code;
import io.seckill.ingress.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory sold-out flag in front of the real {@code purchase.lua}, with stock given
 * back by the order-worker's own {@code expire-purchase.lua}, on the test Redis master.
 */
class SoldOutFlagsIntegrationTests {

	/** How long the expired purchase and its restock marker are kept. */
	private static final Duration EXPIRY_TTL = Duration.ofSeconds(60);

	private static SeckillRedis redis;

	private static PurchaseScript script;

	private final String saleId = "soldout-" + UUID.randomUUID().toString().substring(0, 8);

	private final AtomicLong clock = new AtomicLong();

	private final AtomicInteger scriptCalls = new AtomicInteger();

	@BeforeAll
	static void connect() {
		SeckillRedisProperties properties = TestRedis.properties();
		redis = new SeckillRedis(properties);
		script = new PurchaseScript(redis, properties, new UserRateLimitProperties(0, 1));
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@AfterEach
	void removeSale() {
		redis.sync()
			.del(RedisKeys.sale(this.saleId), RedisKeys.remaining(this.saleId), RedisKeys.buyers(this.saleId),
					RedisKeys.acceptedKeys(this.saleId));
	}

	@Test
	void soldOutSaleIsAnsweredFromMemoryUntilTheFlagExpiresThenReturnedStockSellsAgain() {
		SoldOutFlags flags = new SoldOutFlags(Duration.ofSeconds(1).toNanos(), this.clock::get,
				(sale, key) -> CompletableFuture.completedFuture(false));
		openSale(1);
		String firstBuyer = "first-" + UUID.randomUUID();
		String firstPurchase = UUID.randomUUID().toString();
		assertThat(attempt(flags, firstBuyer, firstPurchase).code()).isEqualTo(Code.ACCEPTED);
		assertThat(attempt(flags, "second", UUID.randomUUID().toString()).code()).isEqualTo(Code.SOLD_OUT);
		assertThat(this.scriptCalls).hasValue(2);

		assertThat(attempt(flags, "third", UUID.randomUUID().toString()).code()).isEqualTo(Code.SOLD_OUT);
		assertThat(this.scriptCalls).as("a flagged sale is answered without Redis").hasValue(2);

		giveBackAsTheExpirySweeperDoes(firstPurchase, firstBuyer);
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("1");
		assertThat(attempt(flags, "third", UUID.randomUUID().toString()).code())
			.as("within the time to live the flag still answers")
			.isEqualTo(Code.SOLD_OUT);

		this.clock.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(attempt(flags, "third", UUID.randomUUID().toString()).code()).isEqualTo(Code.ACCEPTED);
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("0");
	}

	@Test
	void withTheRealClockAPurchaseSucceedsAgainOnceStockCameBack() {
		SoldOutFlags flags = new SoldOutFlags(Duration.ofMillis(250).toNanos(), System::nanoTime,
				(sale, key) -> CompletableFuture.completedFuture(false));
		openSale(1);
		String firstBuyer = "first-" + UUID.randomUUID();
		String firstPurchase = UUID.randomUUID().toString();
		assertThat(attempt(flags, firstBuyer, firstPurchase).code()).isEqualTo(Code.ACCEPTED);
		assertThat(attempt(flags, "second", UUID.randomUUID().toString()).code()).isEqualTo(Code.SOLD_OUT);

		giveBackAsTheExpirySweeperDoes(firstPurchase, firstBuyer);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> attempt(flags, "second", UUID.randomUUID().toString()).code() == Code.ACCEPTED);
	}

	@Test
	void retryOfAPurchaseTheShopperWasNeverToldAboutReachesRedis() {
		SoldOutFlags flags = new SoldOutFlags(Duration.ofHours(1).toNanos(), this.clock::get,
				SoldOutFlagsIntegrationTests::acceptedKey);
		openSale(1);
		String key = "key-" + UUID.randomUUID();
		String purchaseId = UUID.randomUUID().toString();
		assertThat(flags.through(this.saleId, 1, key, () -> script.run(this.saleId, "buyer", 1, key, purchaseId))
			.join()
			.code()).isEqualTo(Code.ACCEPTED);
		// No replica confirmed in time: the shopper was answered 503 and retries.
		assertThat(attempt(flags, "other", UUID.randomUUID().toString()).code()).isEqualTo(Code.SOLD_OUT);

		ScriptOutcome retry = flags
			.through(this.saleId, 1, key, () -> script.run(this.saleId, "buyer", 1, key, UUID.randomUUID().toString()))
			.join();

		assertThat(retry).isEqualTo(new ScriptOutcome(Code.REPLAY, purchaseId));
	}

	@Test
	void retryOfAnAcceptedPurchaseIsAnsweredThatPurchaseOnAnIngressThatFlaggedTheSale() {
		// Two ingresses: one accepted the purchase (its 202 got lost on the way), the
		// other
		// flagged the sale sold out afterwards and knows nothing of that purchase.
		SoldOutFlags accepting = new SoldOutFlags(Duration.ofHours(1).toNanos(), this.clock::get,
				SoldOutFlagsIntegrationTests::acceptedKey);
		SoldOutFlags other = new SoldOutFlags(Duration.ofHours(1).toNanos(), this.clock::get,
				SoldOutFlagsIntegrationTests::acceptedKey);
		openSale(1);
		String key = "key-" + UUID.randomUUID();
		String purchaseId = UUID.randomUUID().toString();
		assertThat(accepting.through(this.saleId, 1, key, () -> script.run(this.saleId, "buyer", 1, key, purchaseId))
			.join()
			.code()).isEqualTo(Code.ACCEPTED);
		assertThat(attempt(other, "other", UUID.randomUUID().toString()).code()).isEqualTo(Code.SOLD_OUT);
		int scriptCallsBeforeStranger = this.scriptCalls.get();
		assertThat(attempt(other, "stranger", UUID.randomUUID().toString()).code())
			.as("a stranger's attempt is answered from the flag")
			.isEqualTo(Code.SOLD_OUT);
		assertThat(this.scriptCalls).as("the stranger never reached the script").hasValue(scriptCallsBeforeStranger);
		ScriptOutcome retry = other
			.through(this.saleId, 1, key, () -> script.run(this.saleId, "buyer", 1, key, UUID.randomUUID().toString()))
			.join();
		assertThat(retry).isEqualTo(new ScriptOutcome(Code.REPLAY, purchaseId));
	}

	private static CompletionStage<Boolean> acceptedKey(String saleId, String key) {
		return redis.async().sismember(RedisKeys.acceptedKeys(saleId), key);
	}

	private ScriptOutcome attempt(SoldOutFlags flags, String user, String purchaseId) {
		String key = "key-" + UUID.randomUUID();
		return flags.through(this.saleId, 1, key, () -> {
			this.scriptCalls.incrementAndGet();
			return script.run(this.saleId, user, 1, key, purchaseId);
		}).join();
	}

	private void giveBackAsTheExpirySweeperDoes(String purchaseId, String userId) {
		// What the order-worker's expiry sweeper runs (OrderExpirySweeper, LIVE).
		boolean restocked = new ExpirePurchaseScript(redis, EXPIRY_TTL)
			.expire(new PurchaseItems(purchaseId, this.saleId, userId, 1), ScriptMode.LIVE);
		assertThat(restocked).isTrue();
	}

	private void openSale(int stock) {
		Instant now = Instant.now();
		redis.sync()
			.hset(RedisKeys.sale(this.saleId),
					Map.of("item", "x", "stock", Integer.toString(stock), "limit", "1", "startsAt",
							Long.toString(now.minusSeconds(60).toEpochMilli()), "endsAt",
							Long.toString(now.plusSeconds(3600).toEpochMilli())));
		redis.sync().set(RedisKeys.remaining(this.saleId), Integer.toString(stock));
	}

}
