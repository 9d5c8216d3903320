package io.seckill.ingress.ratelimit;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The per-address budget in front of every call the purchase route does not take (it
 * checks the same budget itself), before Spring Security.
 */
class AddressRateLimitWebFilter implements WebFilter {

	private final AddressRateLimit limit;

	AddressRateLimitWebFilter(AddressRateLimit limit) {
		this.limit = limit;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		this.limit.check(exchange.getRequest().getRemoteAddress());
		return chain.filter(exchange);
	}

}
