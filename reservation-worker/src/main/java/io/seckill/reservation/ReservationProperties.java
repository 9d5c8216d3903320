package io.seckill.reservation;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.seckill.common.messaging.ManualAckListenerFactory;

/**
 * How this process drains {@code seckill.reservations}.
 *
 * @param concurrency consumers in this process; each holds a database connection while it
 * works, so keep it below the pool size
 * @param prefetch deliveries the broker may push to one consumer before it acknowledges
 * any; raised to the batch size if lower
 * @param batchSize deliveries a consumer decides in one database transaction
 * @param receiveTimeout longest wait for a batch to fill before it is processed as it is
 */
@Validated
@ConfigurationProperties("seckill.reservations")
record ReservationProperties(@DefaultValue("4") @Min(1) @Max(256) int concurrency,
		@DefaultValue("400") @Min(1) @Max(65535) int prefetch, @DefaultValue("200") @Min(1) @Max(1000) int batchSize,
		@DefaultValue("50ms") @DurationMin(millis = 1) Duration receiveTimeout) {

	ManualAckListenerFactory.ConsumerSettings consumerSettings() {
		return new ManualAckListenerFactory.ConsumerSettings(this.concurrency, this.prefetch, this.batchSize,
				this.receiveTimeout);
	}

}
