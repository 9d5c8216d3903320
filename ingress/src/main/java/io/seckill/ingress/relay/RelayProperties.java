package io.seckill.ingress.relay;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay: Redis stream to RabbitMQ.
 *
 * @param enabled whether this ingress relays (every instance may; they share the work)
 * @param batchSize entries read and published per round trip
 * @param block how long one read waits for new entries
 * @param claimIdle entries pending this long with another relay are taken over (that
 * relay is presumed dead)
 * @param claimEvery how often an idle relay looks for such entries
 * @param maxBackoff longest pause between attempts while RabbitMQ or Redis fails
 * @param linger pause after a batch shorter than {@code batchSize}, so that the next
 * round carries more entries ({@code 0}: none; it delays orders, never a shopper's
 * answer)
 */
@Validated
@ConfigurationProperties("seckill.relay")
record RelayProperties(@DefaultValue("true") boolean enabled, @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
		@DefaultValue("100ms") Duration block, @DefaultValue("30s") Duration claimIdle,
		@DefaultValue("5s") Duration claimEvery, @DefaultValue("5s") Duration maxBackoff,
		@DefaultValue("10ms") Duration linger) {
}
