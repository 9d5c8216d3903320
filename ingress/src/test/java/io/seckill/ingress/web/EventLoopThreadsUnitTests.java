package io.seckill.ingress.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EventLoopThreadsUnitTests {

	@Test
	void oneThreadPerCoreUnlessConfigured() {
		assertThat(EventLoopThreads.count(null, 2)).isEqualTo(2);
		assertThat(EventLoopThreads.count(" ", 8)).isEqualTo(8);
		assertThat(EventLoopThreads.count("1", 8)).isEqualTo(1);
		assertThat(EventLoopThreads.count(" 3 ", 2)).isEqualTo(3);
	}

	@Test
	void aCountThatIsNotPositiveIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> EventLoopThreads.count("0", 2))
			.withMessageContaining("SECKILL_IO_THREADS");
		assertThatIllegalArgumentException().isThrownBy(() -> EventLoopThreads.count("many", 2));
	}

}
