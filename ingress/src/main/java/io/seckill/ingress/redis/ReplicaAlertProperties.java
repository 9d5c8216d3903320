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
 * @param expected replicas the master should have; fewer, for longer than {@code grace},
 * raises the alert; 0 turns it off
 * @param interval how often the master's {@code INFO replication} is read
 * @param grace how long a shortfall must last before it is reported: right after a
 * failover the other replica needs a moment (well under a second here) to attach to the
 * new master; a replica that is really gone stays gone longer (the supervisor's restart
 * and resync take a few seconds)
 */
@Validated
@ConfigurationProperties("seckill.redis.replicas")
record ReplicaAlertProperties(@DefaultValue("2") @Min(0) @Max(16) int expected, @DefaultValue("1s") Duration interval,
		@DefaultValue("1s") Duration grace) {
}
