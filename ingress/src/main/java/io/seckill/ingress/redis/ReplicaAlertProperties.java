package io.seckill.ingress.redis;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The missing-replica alert.
 *
 * @param expected replicas the master should have
 * ({@code SECKILL_REDIS_REPLICAS_EXPECTED}); fewer, for longer than {@code grace}, raises
 * the alert; 0 turns it off
 * @param interval how often the master's {@code INFO replication} is read
 * @param grace how long a shortfall must last before it is reported: after a failover the
 * remaining replica needs a moment to attach to the new master
 */
@Validated
@ConfigurationProperties("seckill.redis.replicas")
record ReplicaAlertProperties(@DefaultValue("2") @Min(0) @Max(16) int expected, @DefaultValue("1s") Duration interval,
		@DefaultValue("2s") Duration grace) {
}
