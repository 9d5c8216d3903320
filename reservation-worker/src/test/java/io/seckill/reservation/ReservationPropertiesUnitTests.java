package io.seckill.reservation;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ReservationPropertiesUnitTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsToFourConsumersWithFiftyPrefetched() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ReservationProperties.class))
			.isEqualTo(new ReservationProperties(4, 50)));
	}

	@Test
	void bindsConfiguredValues() {
		this.contextRunner.withPropertyValues("seckill.reservations.concurrency=8", "seckill.reservations.prefetch=10")
			.run((context) -> assertThat(context.getBean(ReservationProperties.class))
				.isEqualTo(new ReservationProperties(8, 10)));
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

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ReservationProperties.class)
	static class PropertiesConfiguration {

	}

}
