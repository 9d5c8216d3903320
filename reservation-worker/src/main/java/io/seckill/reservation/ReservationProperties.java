package io.seckill.reservation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this process drains {@code seckill.reservations}.
 *
 * @param concurrency consumers in this process ({@code SECKILL_RESERVATION_CONCURRENCY});
 * each holds a database connection while it works, so keep it below the pool size
 * @param prefetch deliveries the broker may push to one consumer before it acknowledges
 * any ({@code SECKILL_RESERVATION_PREFETCH})
 */
@Validated
@ConfigurationProperties("seckill.reservations")
record ReservationProperties(@DefaultValue("4") @Min(1) @Max(256) int concurrency,
		@DefaultValue("50") @Min(1) @Max(65535) int prefetch) {
}
