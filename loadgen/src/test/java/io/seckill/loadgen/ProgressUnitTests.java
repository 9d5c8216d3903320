package io.seckill.loadgen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressUnitTests {

	@Test
	void barFillsInProportion() {
		assertThat(Progress.bar(0, 4)).isEqualTo("[....]");
		assertThat(Progress.bar(0.5, 4)).isEqualTo("[##..]");
		assertThat(Progress.bar(1, 4)).isEqualTo("[####]");
		assertThat(Progress.bar(1.7, 4)).isEqualTo("[####]");
	}

	@Test
	void percentOfNothingIsDone() {
		assertThat(Progress.percent(1, 3)).isEqualTo(" 33%");
		assertThat(Progress.percent(0, 0)).isEqualTo("100%");
	}

}
