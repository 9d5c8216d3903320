package io.seckill.ingress.system;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.ingress.ratelimit.AddressRateLimit;
import io.seckill.ingress.security.VerifiedTokens;
import io.seckill.ingress.security.VerifiedTokens.VerifiedToken;
import io.seckill.ingress.web.PollRoutes;
import io.seckill.ingress.web.PublicPort;
import io.seckill.ingress.web.RequestProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

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
