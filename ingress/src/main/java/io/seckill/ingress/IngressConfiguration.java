package io.seckill.ingress;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.messaging.SeckillMessagingConfiguration;
import io.seckill.common.redis.SeckillRedisConfiguration;
import io.seckill.ingress.ratelimit.AddressRateLimit;
import io.seckill.ingress.security.VerifiedTokens;
import io.seckill.ingress.security.VerifiedTokens.VerifiedToken;
import io.seckill.ingress.web.PollRoutes;
import io.seckill.ingress.web.PublicPort;
import io.seckill.ingress.web.RequestProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingress's wiring that belongs to no feature: the clock, the Redis and RabbitMQ
 * configuration shared with the workers, and the long-poll routes, which put the
 * {@code security} and {@code ratelimit} checks in front of a {@code web} route without
 * {@code web} depending on either. Kept off the application class so web slice tests do
 * not connect to Redis.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SeckillRedisConfiguration.class, SeckillMessagingConfiguration.class })
class IngressConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The long-poll routes ahead of WebFlux, with the purchase route's address budget and
	 * token check.
	 * @param addressLimit the per-address budget
	 * @param tokens the bearer token check
	 * @param json the application's mapper
	 * @param port the public port
	 * @param request the request limits
	 * @param meters where answers are counted
	 * @return the routes' builder
	 */
	@Bean
	PollRoutes pollRoutes(AddressRateLimit addressLimit, VerifiedTokens tokens, JsonMapper json, PublicPort port,
			RequestProperties request, MeterRegistry meters) {
		return new PollRoutes(addressLimit::check, (token) -> tokens.verify(token).map(VerifiedToken::subject), json,
				port, request.maxBodySize().toBytes(), meters);
	}

}
