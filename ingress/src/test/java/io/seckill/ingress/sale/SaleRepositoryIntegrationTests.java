package io.seckill.ingress.sale;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.seckill.common.sale.SaleIds;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Sales in the real local MariaDB (database {@code seckill_test}): a sale id is the sale,
 * byte for byte (issue 12 item 1).
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(locations = "classpath:test-database.properties")
@Import(SaleRepository.class)
class SaleRepositoryIntegrationTests {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	@Autowired
	private SaleRepository repository;

	@Autowired
	private JdbcClient jdbc;

	private final List<String> saleIds = new ArrayList<>();

	@AfterEach
	void deleteSales() {
		for (String saleId : this.saleIds) {
			this.jdbc.sql("DELETE FROM sales WHERE sale_id = ?").param(saleId).update();
		}
	}

	@Test
	void salesWhoseIdsDifferOnlyInCaseAreDistinctSales() {
		String lower = "case-" + UUID.randomUUID().toString().substring(0, 8) + "-x";
		String upper = lower.toUpperCase(Locale.ROOT);

		insert(sale(lower, "Lower-case phone", 3));
		insert(sale(upper, "Upper-case phone", 5));

		assertThat(this.repository.find(lower)).map(Sale::item).contains("Lower-case phone");
		assertThat(this.repository.find(upper)).map(Sale::item).contains("Upper-case phone");
		assertThat(this.repository.remaining(upper)).contains(5L);
	}

	@Test
	void aSaleIsNotFoundUnderItsIdInAnotherCase() {
		String saleId = "bars-" + UUID.randomUUID().toString().substring(0, 8);
		insert(sale(saleId, "Bars", 3));

		assertThat(this.repository.find(saleId.toUpperCase(Locale.ROOT))).isEmpty();
		assertThat(this.repository.remaining(saleId.toUpperCase(Locale.ROOT))).isEmpty();
	}

	/**
	 * The edge refuses sale ids outside ASCII ({@link SaleIds}); should one get through,
	 * the database still tells "café" (composed or decomposed) from "cafe" rather than
	 * answering one sale for the other.
	 */
	@Test
	void aSaleIsNotFoundUnderAnIdThatDiffersOnlyInAccentsOrNormalization() {
		String saleId = "cafe-" + UUID.randomUUID().toString().substring(0, 8);
		String suffix = saleId.substring("cafe".length());
		insert(sale(saleId, "Coffee", 3));

		assertThat(this.repository.find("caf\u00e9" + suffix)).isEmpty();
		assertThat(this.repository.find("cafe\u0301" + suffix)).isEmpty();
		assertThat(SaleIds.isValid("caf\u00e9" + suffix)).isFalse();
		assertThat(SaleIds.isValid("cafe\u0301" + suffix)).isFalse();
	}

	/**
	 * The failover reconciler reloads the open sales with what the database has left of
	 * each; the dashboard watches the recent ones. Both read the stock the reservations
	 * took, not the stock put on sale.
	 */
	@Test
	void openAndWatchedSalesCarryTheStockTheDatabaseHasLeft() {
		String open = "open-" + UUID.randomUUID().toString().substring(0, 8);
		String ended = "ended-" + UUID.randomUUID().toString().substring(0, 8);
		insert(sale(open, "Open phone", 5));
		insert(new Sale(ended, "Ended phone", 4, 1, NOW.minus(2, ChronoUnit.HOURS), NOW.minus(1, ChronoUnit.HOURS)));
		this.jdbc.sql("UPDATE sales SET reserved = 2 WHERE sale_id = ?").param(open).update();

		assertThat(this.repository.open(NOW)).filteredOn((stored) -> this.saleIds.contains(stored.sale().saleId()))
			.singleElement()
			.satisfies((stored) -> {
				assertThat(stored.sale().saleId()).isEqualTo(open);
				assertThat(stored.remaining()).isEqualTo(3);
				assertThat(stored.reserved()).isEqualTo(2);
			});
		assertThat(this.repository.watched(NOW.minus(90, ChronoUnit.MINUTES), NOW.plusSeconds(1), 1000))
			.filteredOn((stored) -> this.saleIds.contains(stored.sale().saleId()))
			.extracting((stored) -> stored.sale().saleId(), SaleRepository.StoredSale::remaining)
			.containsExactlyInAnyOrder(tuple(open, 3L), tuple(ended, 4L));
		assertThat(this.repository.watched(NOW.minus(30, ChronoUnit.MINUTES), NOW.plusSeconds(1), 1000))
			.extracting((stored) -> stored.sale().saleId())
			.contains(open)
			.doesNotContain(ended);
	}

	private void insert(Sale sale) {
		this.saleIds.add(sale.saleId());
		this.repository.insert(sale, NOW);
	}

	private static Sale sale(String saleId, String item, int stock) {
		return new Sale(saleId, item, stock, 1, NOW, NOW.plus(1, ChronoUnit.HOURS));
	}

}
