package io.seckill.ingress.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.purchase.RejectionReason;
import io.seckill.common.redis.ConfirmPurchaseScript;
import io.seckill.common.redis.ConfirmPurchaseScript.Confirmation;
import io.seckill.common.redis.ExpirePurchaseScript;
import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.RejectPurchaseScript;
import io.seckill.common.redis.ScriptMode;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.sale.ReloadSaleScript;
import io.seckill.ingress.sale.Sale;
import io.seckill.ingress.sale.WaitingRoom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The repairs made after a master switch, through their script owners, on the real test
 * Redis: each gives or takes a purchase's items at most once, and none acts on a purchase
 * Redis never had.
 */
class ReconcileScriptsIntegrationTests {

	private static final Duration TTL = Duration.ofMinutes(10);

	private static SeckillRedis redis;

	private final String saleId = "reconcile-" + UUID.randomUUID().toString().substring(0, 8);

	private final String purchaseId = UUID.randomUUID().toString();

	private final String outboxBefore = lastOutboxId();

	private final RestorePurchaseScript restore = new RestorePurchaseScript(redis, TTL);

	private final RejectPurchaseScript reject = new RejectPurchaseScript(redis, TTL);

	private final ExpirePurchaseScript expire = new ExpirePurchaseScript(redis, TTL);

	private final ReloadSaleScript reloadSale = new ReloadSaleScript(redis);

	private final ConfirmPurchaseScript confirm = new ConfirmPurchaseScript(redis, TTL);

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@AfterEach
	void removeKeys() {
		commands().del(RedisKeys.sale(this.saleId), RedisKeys.remaining(this.saleId), RedisKeys.buyers(this.saleId),
				RedisKeys.acceptedKeys(this.saleId), RedisKeys.purchase(this.purchaseId),
				RedisKeys.restocked(this.purchaseId), RedisKeys.idempotency("u1", "key-" + this.purchaseId));
	}

	@Test
	void restoresALostAcceptedPurchaseOnceAndSendsItDownTheOutbox() {
		commands().set(RedisKeys.remaining(this.saleId), "10");

		assertThat(restore()).isEqualTo(1);
		assertThat(restore()).isZero();

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("8");
		assertThat(commands().hget(RedisKeys.buyers(this.saleId), "u1")).isEqualTo("2");
		assertThat(commands().sismember(RedisKeys.acceptedKeys(this.saleId), "key-" + this.purchaseId))
			.as("the key is known as an accepted purchase's again")
			.isTrue();
		assertThat(commands().hgetall(RedisKeys.purchase(this.purchaseId))).containsEntry("status", "PENDING")
			.containsEntry("userId", "u1")
			.containsEntry("saleId", this.saleId);
		assertThat(commands().get(RedisKeys.idempotency("u1", "key-" + this.purchaseId)))
			.isEqualTo(this.purchaseId + "|" + this.saleId + "/2");
		assertThat(commands().xrange(RedisKeys.OUTBOX, io.lettuce.core.Range.create(this.outboxBefore, "+")))
			.filteredOn((entry) -> this.purchaseId.equals(entry.getBody().get("purchaseId")))
			.hasSize(1);
	}

	@Test
	void restoresManyLostPurchasesPipelinedExactlyThoseMissing() {
		int count = 2 * RestorePurchaseScript.IN_FLIGHT + 7;
		commands().set(RedisKeys.remaining(this.saleId), Integer.toString(count));
		List<AcceptedLedger.Accepted> purchases = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = UUID.randomUUID().toString();
			purchases.add(new AcceptedLedger.Accepted(id, this.saleId, "many-" + i, 1, "key-" + id, this.saleId + "/1",
					1795600000000L));
		}
		// Every third purchase survived the switch; the others were lost with the old
		// master.
		List<AcceptedLedger.Accepted> survived = new ArrayList<>();
		for (int i = 0; i < count; i += 3) {
			survived.add(purchases.get(i));
		}
		assertThat(this.restore.restoreAll(survived)).hasSize(survived.size());

		try {
			List<AcceptedLedger.Accepted> restored = this.restore.restoreAll(purchases);

			assertThat(restored).hasSize(count - survived.size()).doesNotContainAnyElementsOf(survived);
			assertThat(restored).isSubsetOf(purchases);
			assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("0");
			assertThat(commands().hlen(RedisKeys.buyers(this.saleId))).isEqualTo(count);
			assertThat(this.restore.restoreAll(purchases)).as("a second pass finds nothing missing").isEmpty();
		}
		finally {
			Set<String> ids = new HashSet<>();
			for (AcceptedLedger.Accepted purchase : purchases) {
				ids.add(purchase.purchaseId());
				commands().del(RedisKeys.purchase(purchase.purchaseId()),
						RedisKeys.idempotency(purchase.userId(), purchase.idempotencyKey()));
			}
			commands().xrange(RedisKeys.OUTBOX, io.lettuce.core.Range.create(this.outboxBefore, "+"))
				.stream()
				.filter((entry) -> ids.contains(entry.getBody().get("purchaseId")))
				.forEach((entry) -> commands().xdel(RedisKeys.OUTBOX, entry.getId()));
		}
	}

	@Test
	void restoringAPurchaseAWorkerAlreadyRejectedKeepsTheRejectionAndTakesNothing() {
		commands().set(RedisKeys.remaining(this.saleId), "10");
		commands().hset(RedisKeys.purchase(this.purchaseId), Map.of("status", "REJECTED", "reason", "SOLD_OUT"));

		assertThat(restore()).isEqualTo(1);

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("10");
		assertThat(commands().hget(RedisKeys.purchase(this.purchaseId), "status")).isEqualTo("REJECTED");
	}

	@Test
	void replaysALostRejectionOnce() {
		commands().set(RedisKeys.remaining(this.saleId), "3");
		commands().hset(RedisKeys.buyers(this.saleId), "u1", "1");
		pending();

		assertThat(replayRejection(10)).isEqualTo(1);
		assertThat(replayRejection(10)).isZero();

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("4");
		assertThat(commands().hget(RedisKeys.buyers(this.saleId), "u1")).isEqualTo("0");
		assertThat(commands().hget(RedisKeys.purchase(this.purchaseId), "status")).isEqualTo("REJECTED");
	}

	@Test
	void aReplayedRejectionNeverRaisesStockAboveTheDatabases() {
		commands().set(RedisKeys.remaining(this.saleId), "3");
		pending();

		replayRejection(3);

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("3");
	}

	@Test
	void givesNothingBackForAPurchaseRedisNeverHad() {
		commands().set(RedisKeys.remaining(this.saleId), "3");

		assertThat(replayRejection(10)).isZero();
		assertThat(replayExpiry()).isZero();

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("3");
	}

	@Test
	void replaysALostRestockOnce() {
		commands().set(RedisKeys.remaining(this.saleId), "0");
		commands().hset(RedisKeys.buyers(this.saleId), "u1", "1");
		pending();

		assertThat(replayExpiry()).isEqualTo(1);
		assertThat(replayExpiry()).isZero();

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("1");
		assertThat(commands().hget(RedisKeys.purchase(this.purchaseId), "status")).isEqualTo("EXPIRED");
	}

	@Test
	void aLiveExpiryGivesTheItemsBackEvenWithoutThePurchaseHash() {
		commands().set(RedisKeys.remaining(this.saleId), "0");

		assertThat(this.expire.expire(items(), ScriptMode.LIVE)).isTrue();
		assertThat(this.expire.expire(items(), ScriptMode.LIVE)).isFalse();

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("1");
	}

	/**
	 * A redelivered confirmation (or the order-worker's write arriving after a restore
	 * put back the status a worker decided) never overwrites a later decision.
	 */
	@Test
	void confirmsAPendingPurchaseOnceAndNeverOverwritesALaterDecision() {
		pending();

		assertThat(this.confirm.confirm(new Confirmation(this.purchaseId, "order-1"))).isTrue();
		assertThat(commands().hget(RedisKeys.purchase(this.purchaseId), "status")).isEqualTo("CONFIRMED");
		commands().hset(RedisKeys.purchase(this.purchaseId), "status", "EXPIRED");
		this.confirm.confirmAll(List.of(new Confirmation(this.purchaseId, "order-1")));
		assertThat(this.confirm.confirm(new Confirmation(this.purchaseId, "order-1"))).isFalse();

		assertThat(commands().hgetall(RedisKeys.purchase(this.purchaseId))).containsEntry("status", "EXPIRED")
			.containsEntry("orderId", "order-1");
	}

	@Test
	void theDecisionScriptsRefuseACallWithoutItsMode() {
		pending();
		commands().set(RedisKeys.remaining(this.saleId), "0");
		String[] expireKeys = { RedisKeys.purchase(this.purchaseId), RedisKeys.remaining(this.saleId),
				RedisKeys.buyers(this.saleId), RedisKeys.restocked(this.purchaseId) };
		String[] rejectKeys = { RedisKeys.purchase(this.purchaseId), RedisKeys.remaining(this.saleId),
				RedisKeys.buyers(this.saleId) };

		assertThatExceptionOfType(RedisCommandExecutionException.class)
			.isThrownBy(() -> LuaScript.fromClasspath("scripts/expire-purchase.lua")
				.run(commands(), ScriptOutputType.INTEGER, expireKeys, "u1", "1", "600"))
			.withMessageContaining("must be live or replay");
		assertThatExceptionOfType(RedisCommandExecutionException.class)
			.isThrownBy(() -> LuaScript.fromClasspath("scripts/reject-purchase.lua")
				.run(commands(), ScriptOutputType.INTEGER, rejectKeys, "u1", "1", "SOLD_OUT", "10", "600"))
			.withMessageContaining("must be live or replay");
		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("0");
		assertThat(commands().hget(RedisKeys.purchase(this.purchaseId), "status")).isEqualTo("PENDING");
	}

	@Test
	void reloadsALostSaleWithTheDatabasesStockOnly() {
		assertThat(reload(40)).isEqualTo(1);
		assertThat(reload(30)).isZero();

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("40");
		assertThat(commands().hget(RedisKeys.sale(this.saleId), "limit")).isEqualTo("2");
	}

	/**
	 * A sale with a waiting room comes back with it: without {@code room} in its hash the
	 * purchase script would sell without admission.
	 */
	@Test
	void reloadsALostSaleWithItsWaitingRoom() {
		Sale sale = new Sale(this.saleId, "Phone", 50, 2, Instant.ofEpochMilli(1795600000000L),
				Instant.ofEpochMilli(1795700000000L),
				new WaitingRoom(200, Duration.ofMinutes(5), Duration.ofMinutes(2)));
		try {
			assertThat(this.reloadSale.reload(sale, 40)).isTrue();

			assertThat(commands().hgetall(RedisKeys.sale(this.saleId))).containsEntry("room", "120000")
				.containsEntry("roomRate", "200")
				.containsEntry("roomPrequeue", "300000");
			assertThat(commands().sismember(RedisKeys.ROOMS, this.saleId)).isTrue();
			assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("40");
		}
		finally {
			commands().srem(RedisKeys.ROOMS, this.saleId);
		}
	}

	private long restore() {
		return this.restore.restore(new AcceptedLedger.Accepted(this.purchaseId, this.saleId, "u1", 2,
				"key-" + this.purchaseId, this.saleId + "/2", 1795600000000L)) ? 1 : 0;
	}

	private long replayRejection(long databaseRemaining) {
		return this.reject.reject(items(), RejectionReason.SOLD_OUT, databaseRemaining, ScriptMode.REPLAY) ? 1 : 0;
	}

	private long replayExpiry() {
		return this.expire.expire(items(), ScriptMode.REPLAY) ? 1 : 0;
	}

	private long reload(long databaseRemaining) {
		return this.reloadSale.reload(new Sale(this.saleId, "Phone", 50, 2, Instant.ofEpochMilli(1795600000000L),
				Instant.ofEpochMilli(1795700000000L)), databaseRemaining) ? 1 : 0;
	}

	private PurchaseItems items() {
		return new PurchaseItems(this.purchaseId, this.saleId, "u1", 1);
	}

	private void pending() {
		commands().hset(RedisKeys.purchase(this.purchaseId),
				Map.of("saleId", this.saleId, "userId", "u1", "quantity", "1", "status", "PENDING"));
	}

	private static String lastOutboxId() {
		return "0-0";
	}

	private static RedisCommands<String, String> commands() {
		return redis.sync();
	}

}
