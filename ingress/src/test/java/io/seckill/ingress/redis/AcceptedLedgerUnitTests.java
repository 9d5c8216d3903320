package io.seckill.ingress.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptedLedgerUnitTests {

	private Instant now = Instant.parse("2026-11-25T10:00:00Z");

	private final Clock clock = new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return AcceptedLedgerUnitTests.this.now;
		}

	};

	@Test
	void forgetsPurchasesOlderThanItsWindow() {
		AcceptedLedger ledger = new AcceptedLedger(Duration.ofSeconds(60), 100, this.clock);
		ledger.record("p-1", "sale", "u1", 1, "key-1", "sale/1");
		this.now = this.now.plusSeconds(45);
		ledger.record("p-2", "sale", "u2", 1, "key-2", "sale/1");
		this.now = this.now.plusSeconds(30);

		assertThat(ledger.recent()).extracting(AcceptedLedger.Accepted::purchaseId).containsExactly("p-2");
	}

	@Test
	void keepsAtMostItsCapacityNewestFirst() {
		AcceptedLedger ledger = new AcceptedLedger(Duration.ofSeconds(60), 3, this.clock);
		for (int i = 1; i <= 5; i++) {
			ledger.record("p-" + i, "sale", "u" + i, 1, "key-" + i, "sale/1");
		}

		assertThat(ledger.recent()).extracting(AcceptedLedger.Accepted::purchaseId)
			.containsExactly("p-3", "p-4", "p-5");
	}

}
