package io.seckill.ingress.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.order.OrderRepository;
import io.seckill.ingress.reservation.ReservationRepository;
import io.seckill.ingress.sale.SaleRepository;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciler's own calls, against the real local MariaDB and the test Redis master: a
 * sale whose expired order the database holds, and whose Redis side a failover may have
 * lost.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(locations = "classpath:test-database.properties")
@Import({ SaleRepository.class, OrderRepository.class, ReservationRepository.class })
@ExtendWith(OutputCaptureExtension.class)
class FailoverReconcilerIntegrationTests {

	/** Attempts the reconciler made before giving up, before issue 12. */
	private static final int OLD_ATTEMPT_LIMIT = 30;

	private static SeckillRedis redis;

	private static String minReplicasToWrite;

	@Autowired
	private SaleRepository sales;

	@Autowired
	private OrderRepository orders;

	@Autowired
	private ReservationRepository reservations;

	@Autowired
	private JdbcClient jdbc;

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private FailoverReconciler reconciler;

	private final String saleId = "fr-" + UUID.randomUUID();

	private final String purchaseId = UUID.randomUUID().toString();

	/** A second purchase of the sale, which the database refused. */
	private final String rejectedId = UUID.randomUUID().toString();

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
		minReplicasToWrite = redis.sync().configGet("min-replicas-to-write").get("min-replicas-to-write");
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@BeforeEach
	void createSaleWithAnExpiredOrder() {
		// Retries 5 ms apart, at most 20 ms: the old limit of 30 attempts passes in well
		// under a second.
		this.reconciler = new FailoverReconciler(redis,
				new FailoverReconciler.Records(this.sales, this.orders, this.reservations),
				new AcceptedLedger(Duration.ofSeconds(60), 1000, Clock.systemUTC()),
				new FailoverProperties.Reconcile(Duration.ofSeconds(60), 1000, Duration.ofMinutes(2),
						Duration.ofSeconds(15), Duration.ofMillis(5), Duration.ofMillis(20)),
				Duration.ofMinutes(10), Clock.systemUTC(), this.meters);
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
		this.jdbc.sql("""
				INSERT INTO sales (sale_id, item, stock, reserved, per_user_limit, starts_at, ends_at, created_at)
				VALUES (?, 'Test item', 5, 5, 1, ?, ?, ?)
				""").params(this.saleId, now.minusMinutes(5), now.plusHours(1), now).update();
		this.jdbc.sql("""
				INSERT INTO orders (order_id, purchase_id, sale_id, user_id, quantity, status, payment_deadline,
					created_at, expired_at, restock_pending)
				VALUES (?, ?, ?, 'u1', 1, 'EXPIRED', ?, ?, ?, FALSE)
				""")
			.params(UUID.randomUUID().toString(), this.purchaseId, this.saleId, now.minusSeconds(1),
					now.minusMinutes(15), now)
			.update();
		this.jdbc.sql("""
				INSERT INTO reservations (purchase_id, sale_id, user_id, quantity, status, reason, created_at)
				VALUES (?, ?, 'u2', 1, 'REJECTED', 'SOLD_OUT', ?)
				""").params(this.rejectedId, this.saleId, now).update();
		redis.sync().hset(RedisKeys.sale(this.saleId), Map.of("item", "Test item", "stock", "5", "limit", "1"));
		redis.sync().set(RedisKeys.remaining(this.saleId), "0");
	}

	@AfterEach
	void deleteSale() {
		this.reconciler.close();
		redis.sync().configSet("min-replicas-to-write", minReplicasToWrite);
		this.jdbc.sql("DELETE FROM orders WHERE sale_id = ?").param(this.saleId).update();
		this.jdbc.sql("DELETE FROM reservations WHERE sale_id = ?").param(this.saleId).update();
		this.jdbc.sql("DELETE FROM sales WHERE sale_id = ?").param(this.saleId).update();
		redis.sync()
			.del(RedisKeys.sale(this.saleId), RedisKeys.remaining(this.saleId), RedisKeys.buyers(this.saleId),
					RedisKeys.purchase(this.purchaseId), RedisKeys.restocked(this.purchaseId),
					RedisKeys.purchase(this.rejectedId));
	}

	@Test
	void replaysAnExpiryWhosePurchaseTheNewMasterHasOnce() throws Exception {
		purchaseInRedis();

		FailoverReconciler.Repairs first = reconcile();
		FailoverReconciler.Repairs again = reconcile();

		assertThat(first.expiriesReplayed()).isEqualTo(1);
		assertThat(again.expiriesReplayed()).isZero();
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("1");
		assertThat(redis.sync().hget(RedisKeys.purchase(this.purchaseId), "status")).isEqualTo("EXPIRED");
	}

	/**
	 * The new master never had the purchase (lost with its stock decrement): replaying
	 * the expiry must not give back items Redis never took (issue 12 item 2).
	 */
	@Test
	void aReplayedExpiryGivesNothingBackForAPurchaseTheNewMasterNeverHad() throws Exception {
		FailoverReconciler.Repairs repairs = reconcile();

		assertThat(repairs.expiriesReplayed()).isZero();
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("0");
		assertThat(redis.sync().exists(RedisKeys.purchase(this.purchaseId), RedisKeys.restocked(this.purchaseId)))
			.isZero();
	}

	/**
	 * The reconciler replays a rejection the database holds: a purchase the new master
	 * has is marked {@code REJECTED} and its shopper's count drops back, once.
	 */
	@Test
	void replaysARejectionWhosePurchaseTheNewMasterHasOnce() throws Exception {
		redis.sync()
			.hset(RedisKeys.purchase(this.rejectedId),
					Map.of("saleId", this.saleId, "userId", "u2", "quantity", "1", "status", "PENDING"));
		redis.sync().hset(RedisKeys.buyers(this.saleId), "u2", "1");

		FailoverReconciler.Repairs first = reconcile();
		FailoverReconciler.Repairs again = reconcile();

		assertThat(first.rejectionsReplayed()).isEqualTo(1);
		assertThat(again.rejectionsReplayed()).isZero();
		assertThat(redis.sync().hgetall(RedisKeys.purchase(this.rejectedId))).containsEntry("status", "REJECTED")
			.containsEntry("reason", "SOLD_OUT");
		assertThat(redis.sync().hget(RedisKeys.buyers(this.saleId), "u2")).isEqualTo("0");
	}

	/**
	 * The new master never had the refused purchase: the reconciler's replay (unlike the
	 * reservation-worker's live write) must not create it, nor give anything back.
	 */
	@Test
	void aReplayedRejectionLeavesAPurchaseTheNewMasterNeverHadAlone() throws Exception {
		FailoverReconciler.Repairs repairs = reconcile();

		assertThat(repairs.rejectionsReplayed()).isZero();
		assertThat(redis.sync().exists(RedisKeys.purchase(this.rejectedId))).isZero();
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("0");
	}

	/**
	 * The master refuses writes ({@code NOREPLICAS}) as after a second failure left it
	 * without replicas: the reconciler keeps trying past its old limit, says so once, and
	 * repairs as soon as writes are accepted again (issue 12 item 6).
	 */
	@Test
	void keepsTryingWhileTheStoreRefusesWritesAndRepairsOnceItAcceptsThem(CapturedOutput output) throws Exception {
		purchaseInRedis();
		redis.sync().configSet("min-replicas-to-write", "3");

		CompletableFuture<FailoverReconciler.Repairs> done = this.reconciler.request(Instant.now().minusSeconds(60),
				"test");

		await().atMost(Duration.ofSeconds(30)).until(() -> failures() > OLD_ATTEMPT_LIMIT + 10);
		assertThat(done).isNotDone();
		assertThat(pending()).isEqualTo(1);
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("0");

		redis.sync().configSet("min-replicas-to-write", minReplicasToWrite);

		FailoverReconciler.Repairs repairs = done.get(10, TimeUnit.SECONDS);
		assertThat(repairs.expiriesReplayed()).isEqualTo(1);
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("1");
		assertThat(pending()).isZero();
		assertThat(output.getAll()).containsOnlyOnce("redis_reconcile state=failing")
			.containsOnlyOnce("redis_reconcile state=recovered")
			.contains("NOREPLICAS");
	}

	private FailoverReconciler.Repairs reconcile() throws Exception {
		return this.reconciler.request(Instant.now().minusSeconds(60), "test").get(10, TimeUnit.SECONDS);
	}

	private void purchaseInRedis() {
		redis.sync()
			.hset(RedisKeys.purchase(this.purchaseId),
					Map.of("saleId", this.saleId, "userId", "u1", "quantity", "1", "status", "CONFIRMED"));
	}

	private double failures() {
		return this.meters.get("seckill.redis.reconcile.failures").counter().count();
	}

	private double pending() {
		return this.meters.get("seckill.redis.reconcile.pending").gauge().value();
	}

}
