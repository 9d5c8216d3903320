package io.seckill.reservation;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.seckill.common.messaging.ConfirmedPublisher;
import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.purchase.RejectionReason;
import io.seckill.common.redis.RejectPurchaseScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The database decisions against the real local MariaDB (database {@code seckill_test}),
 * with commits: each test transaction is real, so concurrent ones contend as in
 * production.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(locations = "classpath:test-database.properties")
@Import({ StockKeeper.class, ReservationRepository.class })
class StockKeeperIntegrationTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	@Autowired
	private StockKeeper stockKeeper;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ReservationRepository repository;

	@Autowired
	private PlatformTransactionManager transactionManager;

	private final List<String> saleIds = new ArrayList<>();

	@AfterEach
	void deleteSales() {
		for (String saleId : this.saleIds) {
			this.jdbc.sql("DELETE FROM reservations WHERE sale_id = ?").param(saleId).update();
			this.jdbc.sql("DELETE FROM user_quotas WHERE sale_id = ?").param(saleId).update();
			this.jdbc.sql("DELETE FROM sales WHERE sale_id = ?").param(saleId).update();
		}
	}

	@Test
	void reservesTheLastItemsOnceUnderConcurrentPurchases() throws Exception {
		String saleId = createSale(5, 1);
		List<PurchaseAccepted> purchases = IntStream.range(0, 8)
			.mapToObj((i) -> purchase(saleId, "user-" + i, 1))
			.toList();

		List<StockKeeper.Decision> decisions = concurrently(purchases
			.stream().<Callable<StockKeeper
					.Decision>>map((purchase) -> () -> this.stockKeeper.reserve(purchase, NOW))
			.toList());

		assertThat(decisions).filteredOn((decision) -> decision.reservation().isReserved()).hasSize(5);
		assertThat(decisions).filteredOn((decision) -> !decision.reservation().isReserved())
			.hasSize(3)
			.allSatisfy((decision) -> {
				assertThat(decision.reservation().reason()).isEqualTo(RejectionReason.SOLD_OUT);
				assertThat(decision.databaseRemaining()).isZero();
			});
		assertThat(reserved(saleId)).isEqualTo(5);
		assertThat(reservationRows(saleId, "RESERVED")).isEqualTo(5);
		assertThat(reservationRows(saleId, "REJECTED")).isEqualTo(3);
		assertThat(quotaBought(saleId)).isEqualTo(5);
	}

	@Test
	void redeliveredPurchaseKeepsItsDecisionAndMovesStockOnce() {
		String saleId = createSale(5, 2);
		PurchaseAccepted purchase = purchase(saleId, "user-1", 1);

		StockKeeper.Decision first = this.stockKeeper.reserve(purchase, NOW);
		StockKeeper.Decision second = this.stockKeeper.reserve(purchase, NOW);

		assertThat(first.redelivered()).isFalse();
		assertThat(second.redelivered()).isTrue();
		assertThat(second.reservation()).isEqualTo(first.reservation());
		assertThat(reserved(saleId)).isEqualTo(1);
		assertThat(reservationRows(saleId, "RESERVED")).isEqualTo(1);
		assertThat(quotaBought(saleId, "user-1")).isEqualTo(1);
	}

	@Test
	void redeliveredRejectionReportsTheStockLeftNow() {
		String saleId = createSale(1, 1);
		this.stockKeeper.reserve(purchase(saleId, "user-1", 1), NOW);
		PurchaseAccepted late = purchase(saleId, "user-2", 1);
		this.stockKeeper.reserve(late, NOW);
		this.jdbc.sql("UPDATE sales SET reserved = 0 WHERE sale_id = ?").param(saleId).update();

		StockKeeper.Decision redelivered = this.stockKeeper.reserve(late, NOW);

		assertThat(redelivered.redelivered()).isTrue();
		assertThat(redelivered.reservation().reason()).isEqualTo(RejectionReason.SOLD_OUT);
		assertThat(redelivered.databaseRemaining()).isEqualTo(1);
		assertThat(reserved(saleId)).isZero();
	}

	@Test
	void enforcesThePerUserLimitAndLeavesTheStock() {
		String saleId = createSale(10, 2);

		StockKeeper.Decision two = this.stockKeeper.reserve(purchase(saleId, "user-1", 2), NOW);
		StockKeeper.Decision third = this.stockKeeper.reserve(purchase(saleId, "user-1", 1), NOW);
		StockKeeper.Decision otherShopper = this.stockKeeper.reserve(purchase(saleId, "user-2", 1), NOW);

		assertThat(two.reservation().isReserved()).isTrue();
		assertThat(third.reservation().reason()).isEqualTo(RejectionReason.LIMIT_REACHED);
		assertThat(third.databaseRemaining()).isEqualTo(8);
		assertThat(otherShopper.reservation().isReserved()).isTrue();
		assertThat(reserved(saleId)).isEqualTo(3);
		assertThat(quotaBought(saleId, "user-1")).isEqualTo(2);
	}

	@Test
	void soldOutRejectionGivesTheShoppersQuotaBack() {
		String saleId = createSale(1, 1);
		this.stockKeeper.reserve(purchase(saleId, "user-1", 1), NOW);

		StockKeeper.Decision late = this.stockKeeper.reserve(purchase(saleId, "user-2", 1), NOW);

		assertThat(late.reservation().reason()).isEqualTo(RejectionReason.SOLD_OUT);
		assertThat(quotaBought(saleId, "user-2")).isZero();
		assertThat(reserved(saleId)).isEqualTo(1);
	}

	@Test
	void rejectsAPurchaseOfAnUnknownSale() {
		String saleId = "unknown-" + UUID.randomUUID();
		this.saleIds.add(saleId);

		StockKeeper.Decision decision = this.stockKeeper.reserve(purchase(saleId, "user-1", 1), NOW);

		assertThat(decision.reservation().reason()).isEqualTo(RejectionReason.UNKNOWN_SALE);
		assertThat(decision.databaseRemaining()).isZero();
		assertThat(reservationRows(saleId, "REJECTED")).isEqualTo(1);
		assertThat(quotaBought(saleId)).isZero();
	}

	@Test
	void concurrentDeliveriesOfOnePurchaseRecordOneDecision() throws Exception {
		String saleId = createSale(50, 1);
		ReservationService service = new ReservationService(this.stockKeeper, mock(ConfirmedPublisher.class),
				mock(RejectPurchaseScript.class), Clock.fixed(NOW, ZoneOffset.UTC));
		List<Callable<ReservationService.Outcome>> deliveries = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			PurchaseAccepted purchase = purchase(saleId, "user-" + i, 1);
			deliveries.add(() -> service.process(purchase));
			deliveries.add(() -> service.process(purchase));
		}

		List<ReservationService.Outcome> outcomes = concurrently(deliveries);

		assertThat(outcomes).filteredOn(ReservationService.Outcome.RESERVED::equals).hasSize(20);
		assertThat(outcomes).filteredOn(ReservationService.Outcome.DUPLICATE::equals).hasSize(20);
		assertThat(reserved(saleId)).isEqualTo(20);
		assertThat(reservationRows(saleId, "RESERVED")).isEqualTo(20);
		assertThat(quotaBought(saleId)).isEqualTo(20);
	}

	@Test
	void batchReservesInDeliveryOrderWithinStockAndLimits() {
		String saleId = createSale(3, 1);
		String unknownSale = "unknown-" + UUID.randomUUID();
		this.saleIds.add(unknownSale);
		PurchaseAccepted first = purchase(saleId, "user-1", 1);
		List<PurchaseAccepted> batch = List.of(first, purchase(saleId, "user-1", 1), purchase(saleId, "user-2", 1),
				first, purchase(unknownSale, "user-3", 1), purchase(saleId, "user-4", 1),
				purchase(saleId, "user-5", 1));

		List<StockKeeper.Decision> decisions = this.stockKeeper.reserveAll(batch, NOW);

		assertThat(decisions)
			.extracting((decision) -> decision.reservation().status().name() + " " + decision.reservation().reason()
					+ " " + decision.redelivered())
			.containsExactly("RESERVED null false", "REJECTED LIMIT_REACHED false", "RESERVED null false",
					"RESERVED null true", "REJECTED UNKNOWN_SALE false", "RESERVED null false",
					"REJECTED SOLD_OUT false");
		assertThat(decisions.get(1).databaseRemaining()).isZero();
		assertThat(decisions.get(3).reservation()).isEqualTo(decisions.get(0).reservation());
		assertThat(reserved(saleId)).isEqualTo(3);
		assertThat(reservationRows(saleId, "RESERVED")).isEqualTo(3);
		assertThat(reservationRows(saleId, "REJECTED")).isEqualTo(2);
		assertThat(quotaBought(saleId, "user-1")).isEqualTo(1);
		assertThat(quotaBought(saleId, "user-5")).isZero();
		assertThat(quotaBought(saleId)).isEqualTo(3);
	}

	@Test
	void redeliveredBatchKeepsItsDecisionsAndMovesStockOnce() {
		String saleId = createSale(2, 2);
		List<PurchaseAccepted> batch = List.of(purchase(saleId, "user-1", 2), purchase(saleId, "user-2", 1));

		List<StockKeeper.Decision> first = this.stockKeeper.reserveAll(batch, NOW);
		this.jdbc.sql("UPDATE sales SET stock = 10 WHERE sale_id = ?").param(saleId).update();
		List<StockKeeper.Decision> again = this.stockKeeper.reserveAll(batch, NOW);

		assertThat(first).extracting((decision) -> decision.reservation().isReserved()).containsExactly(true, false);
		assertThat(again).allMatch(StockKeeper.Decision::redelivered);
		assertThat(again).extracting(StockKeeper.Decision::reservation)
			.containsExactlyElementsOf(first.stream().map(StockKeeper.Decision::reservation).toList());
		assertThat(again.get(1).databaseRemaining()).isEqualTo(8);
		assertThat(reserved(saleId)).isEqualTo(2);
		assertThat(reservationRows(saleId, "RESERVED") + reservationRows(saleId, "REJECTED")).isEqualTo(2);
		assertThat(quotaBought(saleId)).isEqualTo(2);
	}

	@Test
	void concurrentBatchesNeverOversellNorExceedTheLimit() throws Exception {
		String saleId = createSale(100, 2);
		List<Callable<List<StockKeeper.Decision>>> batches = new ArrayList<>();
		for (int b = 0; b < 8; b++) {
			List<PurchaseAccepted> batch = new ArrayList<>();
			for (int i = 0; i < 25; i++) {
				batch.add(purchase(saleId, "user-" + ((b * 25 + i) % 60), 1));
			}
			batches.add(() -> this.stockKeeper.reserveAll(batch, NOW));
		}

		List<StockKeeper.Decision> decisions = concurrently(batches).stream().flatMap(List::stream).toList();

		assertThat(decisions).hasSize(200);
		assertThat(decisions).filteredOn((decision) -> decision.reservation().isReserved()).hasSize(100);
		assertThat(reserved(saleId)).isEqualTo(100);
		assertThat(reservationRows(saleId, "RESERVED")).isEqualTo(100);
		assertThat(quotaBought(saleId)).isEqualTo(100);
		assertThat(this.jdbc.sql("SELECT MAX(bought) FROM user_quotas WHERE sale_id = ?")
			.param(saleId)
			.query(Integer.class)
			.single()).isLessThanOrEqualTo(2);
	}

	@Test
	void shoppersWhoseIdsDifferOnlyInCaseHaveAQuotaEach() {
		String saleId = createSale(10, 1);

		List<StockKeeper.Decision> decisions = Stream.of("casey", "CASEY", "Casey")
			.map((userId) -> this.stockKeeper.reserve(purchase(saleId, userId, 1), NOW))
			.toList();

		assertThat(decisions).allSatisfy((decision) -> assertThat(decision.reservation().isReserved()).isTrue());
		assertThat(quotaBought(saleId, "casey")).isEqualTo(1);
		assertThat(quotaBought(saleId, "CASEY")).isEqualTo(1);
		assertThat(quotaRows(saleId)).isEqualTo(3);
	}

	@Test
	void theDatabaseRefusesABatchOfQuotaTakesWhenOneShopperHasNoRoom() {
		String saleId = createSale(10, 2);
		this.stockKeeper.reserve(purchase(saleId, "full", 2), NOW);
		this.stockKeeper.reserve(purchase(saleId, "half", 1), NOW);
		List<ReservationRepository.QuotaTake> takes = Stream.of("half", "full", "new")
			.map((userId) -> new ReservationRepository.QuotaTake(new ReservationRepository.Quota(saleId, userId), 1, 2))
			.toList();
		TransactionTemplate transaction = new TransactionTemplate(this.transactionManager);

		Boolean refused = transaction.execute((status) -> {
			this.repository.lockQuotas(takes.stream().map(ReservationRepository.QuotaTake::quota).sorted().toList());
			boolean taken = this.repository.takeQuotas(takes);
			status.setRollbackOnly();
			return !taken;
		});
		Boolean taken = transaction.execute((status) -> {
			List<ReservationRepository.QuotaTake> room = List.of(takes.get(0), takes.get(2));
			this.repository.lockQuotas(room.stream().map(ReservationRepository.QuotaTake::quota).sorted().toList());
			return this.repository.takeQuotas(room);
		});

		assertThat(refused).isTrue();
		assertThat(taken).isTrue();
		assertThat(quotaBought(saleId, "half")).isEqualTo(2);
		assertThat(quotaBought(saleId, "full")).isEqualTo(2);
		assertThat(quotaBought(saleId, "new")).isEqualTo(1);
	}

	@Test
	void aBatchOfShoppersWhoseIdsDifferOnlyInCaseHasAQuotaEach() {
		String saleId = createSale(10, 1);
		List<PurchaseAccepted> batch = List.of(purchase(saleId, "casey", 1), purchase(saleId, "CASEY", 1),
				purchase(saleId, "Casey", 1), purchase(saleId, "CASEY", 1));

		List<StockKeeper.Decision> decisions = this.stockKeeper.reserveAll(batch, NOW);

		assertThat(decisions)
			.extracting((decision) -> decision.reservation().status().name() + " " + decision.reservation().reason())
			.containsExactly("RESERVED null", "RESERVED null", "RESERVED null", "REJECTED LIMIT_REACHED");
		assertThat(quotaRows(saleId)).isEqualTo(3);
		assertThat(reserved(saleId)).isEqualTo(3);
	}

	/**
	 * "zoë" composed (NFC), decomposed (NFD, e + combining diaeresis) and without the
	 * accent: the edge refuses such user ids today, but the database must not be what
	 * merges two shoppers if an identity provider ever issues them.
	 */
	@Test
	void shoppersWhoseIdsDifferOnlyInUnicodeNormalizationOrAccentsHaveAQuotaEach() {
		String saleId = createSale(10, 1);
		String composed = "zo\u00eb";
		String decomposed = "zoe\u0308";
		assertThat(Normalizer.normalize(decomposed, Normalizer.Form.NFC)).isEqualTo(composed);

		List<StockKeeper.Decision> decisions = Stream.of(composed, decomposed, "zoe")
			.map((userId) -> this.stockKeeper.reserve(purchase(saleId, userId, 1), NOW))
			.toList();

		assertThat(decisions).allSatisfy((decision) -> assertThat(decision.reservation().isReserved()).isTrue());
		assertThat(quotaRows(saleId)).isEqualTo(3);
		assertThat(quotaBought(saleId, composed)).isEqualTo(1);
		assertThat(quotaBought(saleId, decomposed)).isEqualTo(1);
	}

	@Test
	void salesWhoseIdsDifferOnlyInCaseAreDistinctSales() {
		String lower = createSale("rw-case-" + UUID.randomUUID().toString().substring(0, 8) + "-x", 1, 1);
		String upper = createSale(lower.toUpperCase(Locale.ROOT), 1, 1);

		StockKeeper.Decision inLower = this.stockKeeper.reserve(purchase(lower, "user-1", 1), NOW);
		StockKeeper.Decision inUpper = this.stockKeeper.reserve(purchase(upper, "user-1", 1), NOW);

		assertThat(inLower.reservation().isReserved()).isTrue();
		assertThat(inUpper.reservation().isReserved()).isTrue();
		assertThat(reserved(lower)).isEqualTo(1);
		assertThat(reserved(upper)).isEqualTo(1);
	}

	@Test
	void aPurchaseInASaleIdThatDiffersOnlyInCaseIsOfAnUnknownSale() {
		String saleId = createSale("rw-case-" + UUID.randomUUID().toString().substring(0, 8) + "-x", 5, 1);
		String otherCase = saleId.toUpperCase(Locale.ROOT);
		this.saleIds.add(otherCase);

		StockKeeper.Decision single = this.stockKeeper.reserve(purchase(otherCase, "user-1", 1), NOW);
		List<StockKeeper.Decision> batch = this.stockKeeper.reserveAll(List.of(purchase(otherCase, "user-2", 1)), NOW);

		assertThat(single.reservation().reason()).isEqualTo(RejectionReason.UNKNOWN_SALE);
		assertThat(batch.get(0).reservation().reason()).isEqualTo(RejectionReason.UNKNOWN_SALE);
		assertThat(reserved(saleId)).isZero();
		assertThat(quotaRows(saleId)).isZero();
	}

	private String createSale(int stock, int perUserLimit) {
		return createSale("rw-" + UUID.randomUUID(), stock, perUserLimit);
	}

	private String createSale(String saleId, int stock, int perUserLimit) {
		LocalDateTime now = LocalDateTime.ofInstant(NOW, ZoneOffset.UTC);
		this.jdbc.sql("""
				INSERT INTO sales (sale_id, item, stock, reserved, per_user_limit, starts_at, ends_at, created_at)
				VALUES (?, 'Test item', ?, 0, ?, ?, ?, ?)
				""").params(saleId, stock, perUserLimit, now, now.plusHours(1), now).update();
		this.saleIds.add(saleId);
		return saleId;
	}

	private static PurchaseAccepted purchase(String saleId, String userId, int quantity) {
		return new PurchaseAccepted(UUID.randomUUID().toString(), saleId, userId, quantity, NOW);
	}

	private int reserved(String saleId) {
		return this.jdbc.sql("SELECT reserved FROM sales WHERE sale_id = ?")
			.param(saleId)
			.query(Integer.class)
			.single();
	}

	private int reservationRows(String saleId, String status) {
		return this.jdbc.sql("SELECT COUNT(*) FROM reservations WHERE sale_id = ? AND status = ?")
			.params(saleId, status)
			.query(Integer.class)
			.single();
	}

	private int quotaRows(String saleId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM user_quotas WHERE sale_id = ?")
			.param(saleId)
			.query(Integer.class)
			.single();
	}

	private int quotaBought(String saleId) {
		return this.jdbc.sql("SELECT COALESCE(SUM(bought), 0) FROM user_quotas WHERE sale_id = ?")
			.param(saleId)
			.query(Integer.class)
			.single();
	}

	private int quotaBought(String saleId, String userId) {
		return this.jdbc.sql("SELECT COALESCE(SUM(bought), 0) FROM user_quotas WHERE sale_id = ? AND user_id = ?")
			.params(saleId, userId)
			.query(Integer.class)
			.single();
	}

	private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<T> results = new ArrayList<>();
			for (Future<T> future : executor.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
