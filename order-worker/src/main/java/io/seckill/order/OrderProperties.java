package io.seckill.order;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.seckill.common.messaging.ManualAckListenerFactory;

/**
 * How this process drains {@code seckill.orders} and expires unpaid orders.
 *
 * @param concurrency consumers in this process; each holds a database connection while it
 * works, so keep it below the pool size
 * @param prefetch deliveries the broker may push to one consumer before it acknowledges
 * any
 * @param paymentTimeout how long a shopper has to pay after the order is created
 * @param expirySweepInterval pause between two sweeps for unpaid orders
 * @param expiryBatchSize orders one query of a sweep picks up
 * @param batchSize deliveries a consumer processes in one database transaction
 * @param receiveTimeout longest wait for a batch to fill before it is processed as it is
 */
@Validated
@ConfigurationProperties("seckill.orders")
record OrderProperties(@DefaultValue("4") @Min(1) @Max(256) int concurrency,
		@DefaultValue("400") @Min(1) @Max(65535) int prefetch,
		@DefaultValue("15m") @DurationMin(millis = 1) Duration paymentTimeout,
		@DefaultValue("1s") @DurationMin(millis = 10) Duration expirySweepInterval,
		@DefaultValue("500") @Min(1) @Max(10000) int expiryBatchSize,
		@DefaultValue("200") @Min(1) @Max(1000) int batchSize,
		@DefaultValue("50ms") @DurationMin(millis = 1) Duration receiveTimeout) {

	ManualAckListenerFactory.ConsumerSettings consumerSettings() {
		return new ManualAckListenerFactory.ConsumerSettings(this.concurrency, this.prefetch, this.batchSize,
				this.receiveTimeout);
	}

}
