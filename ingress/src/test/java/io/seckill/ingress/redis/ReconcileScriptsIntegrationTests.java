package io.seckill.ingress.redis;

import java.util.Map;
import java.util.UUID;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repairs made after a master switch, on the real test Redis: each gives or takes a
 * purchase's items at most once, and none acts on a purchase Redis never had.
 */
class ReconcileScriptsIntegrationTests {

	private static final LuaScript RESTORE = LuaScript.fromClasspath("scripts/restore-purchase.lua");

	private static final LuaScript REJECTED = LuaScript.fromClasspath("scripts/reject-purchase.lua");

	private static final LuaScript EXPIRED = LuaScript.fromClasspath("scripts/expire-purchase.lua");

	private static final LuaScript RELOAD = LuaScript.fromClasspath("scripts/reload-sale.lua");

	private static SeckillRedis redis;

	private final String saleId = "reconcile-" + UUID.randomUUID().toString().substring(0, 8);

	private final String purchaseId = UUID.randomUUID().toString();

	private final String outboxBefore = lastOutboxId();

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
	void reloadsALostSaleWithTheDatabasesStockOnly() {
		assertThat(reload("40")).isEqualTo(1);
		assertThat(reload("30")).isZero();

		assertThat(commands().get(RedisKeys.remaining(this.saleId))).isEqualTo("40");
		assertThat(commands().hget(RedisKeys.sale(this.saleId), "limit")).isEqualTo("2");
	}

	private long restore() {
		String[] keys = { RedisKeys.remaining(this.saleId), RedisKeys.buyers(this.saleId),
				RedisKeys.idempotency("u1", "key-" + this.purchaseId), RedisKeys.purchase(this.purchaseId),
				RedisKeys.OUTBOX, RedisKeys.acceptedKeys(this.saleId) };
		return RESTORE.run(commands(), ScriptOutputType.INTEGER, keys, "u1", "2", this.saleId + "/2", this.purchaseId,
				"600", this.saleId, "1795600000000", "key-" + this.purchaseId);
	}

	private long replayRejection(long databaseRemaining) {
		String[] keys = { RedisKeys.purchase(this.purchaseId), RedisKeys.remaining(this.saleId),
				RedisKeys.buyers(this.saleId) };
		return REJECTED.run(commands(), ScriptOutputType.INTEGER, keys, "u1", "1", "SOLD_OUT",
				Long.toString(databaseRemaining), "600", "replay");
	}

	private long replayExpiry() {
		String[] keys = { RedisKeys.purchase(this.purchaseId), RedisKeys.remaining(this.saleId),
				RedisKeys.buyers(this.saleId), RedisKeys.restocked(this.purchaseId) };
		return EXPIRED.run(commands(), ScriptOutputType.INTEGER, keys, "u1", "1", "600", "replay");
	}

	private long reload(String databaseRemaining) {
		String[] keys = { RedisKeys.sale(this.saleId), RedisKeys.remaining(this.saleId) };
		return RELOAD.run(commands(), ScriptOutputType.INTEGER, keys, "Phone", "50", "2", "1795600000000",
				"1795700000000", databaseRemaining);
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
