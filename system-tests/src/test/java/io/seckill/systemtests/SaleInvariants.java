package io.seckill.systemtests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.seckill.common.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The DESIGN.md invariants of one sale, checked once the pipeline drained: what a fault
 * test asserts after the fault, whatever the fault was.
 */
final class SaleInvariants {

	private static final Set<String> TERMINAL = Set.of("CONFIRMED", "PAID", "REJECTED", "EXPIRED");

	private static final Set<String> WITH_ORDER = Set.of("CONFIRMED", "PAID", "EXPIRED");

	private SaleInvariants() {
	}

	/**
	 * Waits for every accepted purchase to be decided and the queues to drain, then
	 * asserts: no oversell, nobody above the per-user limit, every {@code 202} decided,
	 * one order row per purchase and none for a purchase nobody was told about, and the
	 * Redis stock converged on the database's.
	 * @param label the test, for the printed figures
	 * @param api the ingress to poll
	 * @param saleId the sale
	 * @param stock its stock
	 * @param limit its per-user limit
	 * @param accepted every purchase answered {@code 202}
	 */
	static void assertHold(String label, Api api, String saleId, int stock, int limit, List<Crowd.Accepted> accepted) {
		Map<String, String> decided = Crowd.awaitDecided(api, accepted, Duration.ofSeconds(120));
		RedeliveryIntegrationTests.awaitQueuesDrained();
		Map<String, Long> outcomes = new TreeMap<>(
				decided.values().stream().collect(Collectors.groupingBy((status) -> status, Collectors.counting())));

		assertThat(decided.values()).as("every 202 ends CONFIRMED, PAID, REJECTED or EXPIRED")
			.allMatch(TERMINAL::contains);
		assertThat(Database.liveOrderedQuantity(saleId)).as("items sold (no oversell)").isLessThanOrEqualTo(stock);
		assertThat(Database.usersAboveLimit(saleId, limit)).as("shoppers above the limit").isZero();
		assertThat(Database.duplicatePurchaseIds(saleId)).as("duplicate order rows").isZero();
		Set<String> acceptedIds = accepted.stream().map(Crowd.Accepted::purchaseId).collect(Collectors.toSet());
		List<Object> ordered = Database.query("SELECT purchase_id FROM orders WHERE sale_id = ?", List.of(saleId))
			.stream()
			.map((row) -> row.get(0))
			.toList();
		assertThat(acceptedIds).as("orders only for purchases answered 202")
			.containsAll(ordered.stream().map(String::valueOf).toList());
		long withOrder = decided.values().stream().filter(WITH_ORDER::contains).count();
		assertThat(Database.orderRows(saleId)).as("one order row per confirmed purchase").isEqualTo(withOrder);
		// Expired orders give their stock back to MySQL at once and to Redis in the next
		// sweeps; a big sale's expiries take a while to reach Redis on a busy machine.
		await("expired orders restocked in Redis").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> Database.count("SELECT COUNT(*) FROM orders WHERE sale_id = ? AND restock_pending = TRUE",
					saleId) == 0);
		await("Redis stock converged on the database's").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(redisRemaining(saleId)).as("Redis remaining vs stock - reserved in MySQL")
				.isEqualTo(stock - Database.reserved(saleId)));
		System.out.println("[" + label + "] accepted " + accepted.size() + ", decided " + outcomes + ", order rows "
				+ Database.orderRows(saleId) + ", items sold " + Database.liveOrderedQuantity(saleId) + " of " + stock
				+ ", Redis remaining " + redisRemaining(saleId) + " = MySQL remaining "
				+ (stock - Database.reserved(saleId)));
	}

	static long redisRemaining(String saleId) {
		String value = Infrastructure.withRedis((connection) -> connection.sync().get(RedisKeys.remaining(saleId)));
		return (value != null) ? Long.parseLong(value) : -1;
	}

}
