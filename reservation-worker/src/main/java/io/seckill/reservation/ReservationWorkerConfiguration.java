package io.seckill.reservation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.messaging.SeckillTopology;
import io.seckill.common.worker.BatchWorker;
import io.seckill.common.worker.BatchWorkerConfiguration;

/**
 * The reservation-worker drains {@code seckill.reservations} with the common batch
 * consumer, each batch decided by the {@link ReservationService}.
 */
@Configuration(proxyBeanMethods = false)
@Import(BatchWorkerConfiguration.class)
@EnableConfigurationProperties(ReservationProperties.class)
class ReservationWorkerConfiguration {

	@Bean
	BatchWorker<PurchaseAccepted> reservationWorker(ReservationService reservations, ReservationProperties properties) {
		return new BatchWorker<>("reservation", SeckillTopology.RESERVATIONS_QUEUE, PurchaseAccepted.class,
				properties.consumerSettings(), reservations::processAll, reservations::process);
	}

}
