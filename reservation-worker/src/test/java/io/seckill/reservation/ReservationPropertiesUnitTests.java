package io.seckill.reservation;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationPropertiesUnitTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsToFourConsumersWithBatchesOfTwoHundredAndTwoBatchesPrefetched() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ReservationProperties.class))
			.isEqualTo(new ReservationProperties(4, 400, 200, Duration.ofMillis(50))));
	}

	@Test
	void bindsConfiguredValues() {
		this.contextRunner
			.withPropertyValues("seckill.reservations.concurrency=8", "seckill.reservations.prefetch=10",
					"seckill.reservations.batch-size=5", "seckill.reservations.receive-timeout=20ms")
			.run((context) -> assertThat(context.getBean(ReservationProperties.class))
				.isEqualTo(new ReservationProperties(8, 10, 5, Duration.ofMillis(20))));
	}

	@Test
	void refusesToStartWithoutConsumers() {
		this.contextRunner.withPropertyValues("seckill.reservations.concurrency=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("seckill.reservations.concurrency"));
	}

	@Test
	void refusesToStartWithoutPrefetch() {
		this.contextRunner.withPropertyValues("seckill.reservations.prefetch=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("seckill.reservations.prefetch"));
	}

	@Test
	void refusesToStartWithAnEmptyBatch() {
		this.contextRunner.withPropertyValues("seckill.reservations.batch-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("seckill.reservations.batch-size"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ReservationProperties.class)
	static class PropertiesConfiguration {

	}

}
