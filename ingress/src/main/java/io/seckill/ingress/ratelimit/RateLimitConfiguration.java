package io.seckill.ingress.ratelimit;

import java.util.List;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

/**
 * The per-address limit and who the client is behind a trusted proxy.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AddressRateLimitProperties.class)
class RateLimitConfiguration {

	/** Before the body limit and Spring Security (-100). */
	static final int RATE_LIMIT_ORDER = -300;

	@Bean
	AddressRateLimit addressRateLimit(AddressRateLimitProperties properties) {
		return new AddressRateLimit(properties, System::nanoTime);
	}

	@Bean
	@Order(RATE_LIMIT_ORDER)
	WebFilter addressRateLimitWebFilter(AddressRateLimit limit) {
		return new AddressRateLimitWebFilter(limit);
	}

	/**
	 * With forwarded headers on, believes them from trusted proxies only; runs after
	 * Spring Boot's customizer, which would believe anybody.
	 * @param server the server settings ({@code server.forward-headers-strategy})
	 * @param properties the trusted proxies
	 * @return the customizer
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	NettyServerCustomizer trustedForwardedHeaders(ServerProperties server, AddressRateLimitProperties properties) {
		List<AddressRange> trusted = properties.trustedProxies()
			.stream()
			.filter((range) -> !range.isBlank())
			.map((range) -> AddressRateLimit.range(range, "seckill.rate-limit.address.trusted-proxies"))
			.toList();
		boolean forwarded = server.getForwardHeadersStrategy() == ServerProperties.ForwardHeadersStrategy.NATIVE;
		return (http) -> forwarded ? http.forwarded(new ForwardedClients(trusted)) : http.forwarded(false);
	}

}
