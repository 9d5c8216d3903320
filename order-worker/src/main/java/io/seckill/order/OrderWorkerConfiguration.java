package io.seckill.order;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.messaging.SeckillTopology;
import io.seckill.common.worker.BatchWorker;
import io.seckill.common.worker.BatchWorkerConfiguration;

/**
 * The order-worker drains {@code seckill.orders} with the common batch consumer, each
 * batch stored by the {@link OrderService}, and schedules the expiry sweep.
 */
@Configuration(proxyBeanMethods = false)
@Import(BatchWorkerConfiguration.class)
@EnableConfigurationProperties(OrderProperties.class)
@EnableScheduling
class OrderWorkerConfiguration {

	@Bean
	BatchWorker<ReservationConfirmed> orderWorker(OrderService orders, OrderProperties properties) {
		return new BatchWorker<>("order", SeckillTopology.ORDERS_QUEUE, ReservationConfirmed.class,
				properties.consumerSettings(), orders::processAll, orders::process);
	}

	/**
	 * Runs the sweep with the validated interval from {@link OrderProperties}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ExpirySchedule implements SchedulingConfigurer {

		private final OrderExpirySweeper sweeper;

		private final OrderProperties properties;

		ExpirySchedule(OrderExpirySweeper sweeper, OrderProperties properties) {
			this.sweeper = sweeper;
			this.properties = properties;
		}

		@Override
		public void configureTasks(ScheduledTaskRegistrar registrar) {
			registrar.addFixedDelayTask(this.sweeper::sweep, this.properties.expirySweepInterval());
		}

	}

}
