package io.seckill.common.redis;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the sentinels are watched.
 *
 * @param verifyInterval how often the sentinels are asked for the master as a safety net
 * for a missed {@code +switch-master}, and lost event subscriptions are reopened
 * @param switchGrace after following a {@code +switch-master}, how long the safety net
 * leaves the master alone: the other sentinels learn the new master from hello messages,
 * every 2 s, and may name the old one until then
 * @param fenceTimeout longest time commands are held back once a failover started, if
 * neither {@code +switch-master} nor an abort follows
 * @param timelineSize sentinel events kept in memory for {@code GET /api/admin/redis}
 */
@Validated
@ConfigurationProperties("seckill.redis.watch")
public record SentinelWatchProperties(@DefaultValue("2s") Duration verifyInterval,
		@DefaultValue("5s") Duration switchGrace, @DefaultValue("10s") Duration fenceTimeout,
		@DefaultValue("200") @Min(10) @Max(10_000) int timelineSize) {
}
