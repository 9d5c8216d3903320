package io.seckill.loadgen;

import org.junit.jupiter.api.Test;

import io.seckill.loadgen.WaitingRoomDemo.KendallTau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KendallTauUnitTests {

	@Test
	void isOneForArrivalOrder() {
		assertThat(KendallTau.of(new long[] { 1, 2, 3, 4, 5 })).isEqualTo(1.0);
	}

	@Test
	void isMinusOneForTheReverseOrder() {
		assertThat(KendallTau.of(new long[] { 5, 4, 3, 2, 1 })).isEqualTo(-1.0);
	}

	@Test
	void countsDiscordantPairs() {
		// Pairs: (2,1) discordant, the other five concordant: (5 - 1) / 6.
		assertThat(KendallTau.of(new long[] { 2, 1, 3, 4 })).isCloseTo(4.0 / 6, within(1e-9));
	}

}
