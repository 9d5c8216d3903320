package io.seckill.ingress.sale;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.seckill.common.sale.SaleIds;

import static org.assertj.core.api.Assertions.assertThat;

class SaleUnitTests {

	private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

	private static final Instant END = Instant.parse("2026-11-25T11:00:00Z");

	private final Sale sale = new Sale("s1", "Phone", 10, 1, START, END);

	@Test
	void isScheduledBeforeItStartsEvenWithStock() {
		assertThat(this.sale.statusAt(START.minusMillis(1), 10)).isEqualTo(SaleStatus.SCHEDULED);
	}

	@Test
	void isOpenFromItsStartInstantWhileStockRemains() {
		assertThat(this.sale.statusAt(START, 10)).isEqualTo(SaleStatus.OPEN);
	}

	@Test
	void isSoldOutWhenNothingRemainsDuringTheWindow() {
		assertThat(this.sale.statusAt(START.plusSeconds(5), 0)).isEqualTo(SaleStatus.SOLD_OUT);
	}

	@Test
	void isEndedFromItsEndInstantWhateverRemains() {
		assertThat(this.sale.statusAt(END, 3)).isEqualTo(SaleStatus.ENDED);
	}

	@Test
	void saleIdsAreBoundedToSafeCharacters() {
		assertThat(SaleIds.isValid("spring-sale_2026.1")).isTrue();
		assertThat(SaleIds.isValid("../etc/passwd")).isFalse();
		assertThat(SaleIds.isValid("a".repeat(65))).isFalse();
		assertThat(SaleIds.isValid("a".repeat(64))).isTrue();
		assertThat(SaleIds.isValid(".")).isFalse();
		assertThat(SaleIds.isValid("..")).isFalse();
		assertThat(SaleIds.isValid("-sale")).isFalse();
		assertThat(SaleIds.isValid("")).isFalse();
	}

}
