package io.seckill.order;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class OrderPropertiesUnitTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsToFifteenMinutesToPayAndASweepEverySecond() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(OrderProperties.class)).isEqualTo(new OrderProperties(4, 400,
					Duration.ofMinutes(15), Duration.ofSeconds(1), 500, 200, Duration.ofMillis(50))));
	}

	@Test
	void bindsConfiguredValues() {
		this.contextRunner
			.withPropertyValues("seckill.orders.concurrency=2", "seckill.orders.prefetch=10",
					"seckill.orders.payment-timeout=3s", "seckill.orders.expiry-sweep-interval=200ms",
					"seckill.orders.expiry-batch-size=20", "seckill.orders.batch-size=7",
					"seckill.orders.receive-timeout=30ms")
			.run((context) -> assertThat(context.getBean(OrderProperties.class)).isEqualTo(new OrderProperties(2, 10,
					Duration.ofSeconds(3), Duration.ofMillis(200), 20, 7, Duration.ofMillis(30))));
	}

	@Test
	void refusesToStartWithoutTimeToPay() {
		this.contextRunner.withPropertyValues("seckill.orders.payment-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("seckill.orders.payment-timeout"));
	}

	@Test
	void refusesToStartWithABusySweep() {
		this.contextRunner.withPropertyValues("seckill.orders.expiry-sweep-interval=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("seckill.orders.expiry-sweep-interval"));
	}

	@Test
	void refusesToStartWithAnEmptyBatch() {
		this.contextRunner.withPropertyValues("seckill.orders.expiry-batch-size=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("seckill.orders.expiry-batch-size"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OrderProperties.class)
	static class PropertiesConfiguration {

	}

}
