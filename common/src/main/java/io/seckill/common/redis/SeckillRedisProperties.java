package io.seckill.common.redis;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where Redis is: the sentinels that know the current master.
 *
 * @param sentinels {@code host:port} of each sentinel
 * @param masterName the name the sentinels monitor
 * @param password the master's password, if it has one
 * @param timeout how long one command may take before it fails
 * @param purchaseTtl how long purchase state and idempotency keys live in Redis
 */
@Validated
@ConfigurationProperties("seckill.redis")
public record SeckillRedisProperties(@DefaultValue( {
		"127.0.0.1:26380", "127.0.0.1:26381", "127.0.0.1:26382" }) @NotEmpty List<@NotBlank String> sentinels,
		@DefaultValue("seckill") @NotBlank String masterName, @Nullable String password,
		@DefaultValue("1s") Duration timeout, @DefaultValue("7d") Duration purchaseTtl){
}
