package io.seckill.ingress.purchase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.system.RedisGuard;

/**
 * The in-memory sold-out flags and the filter that answers from them at the HTTP edge.
 */
@Configuration(proxyBeanMethods = false)
class SoldOutConfiguration {

	/** After the address rate limit and body limit, before authentication. */
	static final int SOLD_OUT_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 5;

	@Bean
	SoldOutFlags soldOutFlags(SoldOutProperties properties, SeckillRedis redis, RedisGuard redisGuard) {
		return new SoldOutFlags(properties.ttl().toNanos(), System::nanoTime,
				(saleId, key) -> acceptedKey(redis, redisGuard, saleId, key));
	}

	private static boolean verifies(JwtDecoder jwtDecoder, String token) {
		try {
			jwtDecoder.decode(token);
			return true;
		}
		catch (JwtException ex) {
			return false;
		}
	}

	/**
	 * Whether the sale's set of accepted Idempotency-Keys holds this one; {@code true}
	 * when Redis cannot say, so the attempt takes the ordinary path and its answer.
	 */
	private static boolean acceptedKey(SeckillRedis redis, RedisGuard redisGuard, String saleId, String key) {
		try {
			return Boolean.TRUE
				.equals(redisGuard.call(() -> redis.sync().sismember(RedisKeys.acceptedKeys(saleId), key)));
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	@Bean
	FilterRegistrationBean<SoldOutFilter> soldOutFilter(SoldOutFlags flags, MeterRegistry meters,
			JwtDecoder jwtDecoder) {
		// The same counter PurchaseService counts sold-out answers with.
		Counter soldOut = Counter.builder("seckill.purchases")
			.description("Purchase attempts by outcome")
			.tag("outcome", "sold_out")
			.register(meters);
		FilterRegistrationBean<SoldOutFilter> registration = new FilterRegistrationBean<>(
				new SoldOutFilter(flags, soldOut, (token) -> verifies(jwtDecoder, token)));
		registration.setOrder(SOLD_OUT_ORDER);
		return registration;
	}

}
