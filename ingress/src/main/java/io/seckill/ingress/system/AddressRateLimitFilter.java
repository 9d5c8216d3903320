package io.seckill.ingress.system;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 429} with {@code Retry-After} to a client address over its budget
 * ({@link AddressRateLimitProperties}), before authentication and before anything touches
 * Redis. Actuator probes are not counted.
 */
class AddressRateLimitFilter extends OncePerRequestFilter {

	private final RateLimiter limiter;

	private final List<AddressRange> exempt;

	private final boolean enabled;

	private final JsonMapper jsonMapper;

	AddressRateLimitFilter(AddressRateLimitProperties properties, JsonMapper jsonMapper) {
		this(properties, jsonMapper, System::nanoTime);
	}

	AddressRateLimitFilter(AddressRateLimitProperties properties, JsonMapper jsonMapper, LongSupplier nanoClock) {
		this.enabled = properties.enabled();
		this.limiter = new RateLimiter(this.enabled ? properties.requestsPerSecond() : 1, properties.burst(),
				properties.maxTracked(), nanoClock);
		this.exempt = properties.exempt()
			.stream()
			.filter((range) -> !range.isBlank())
			.map(AddressRateLimitFilter::range)
			.toList();
		this.jsonMapper = jsonMapper;
	}

	private static AddressRange range(String cidr) {
		try {
			return AddressRange.parse(cidr);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("seckill.rate-limit.address.exempt", cidr,
					ex.getMessage());
		}
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !this.enabled || request.getRequestURI().startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ClientAddress address = ClientAddress.of(request.getRemoteAddr());
		if (!address.isIn(this.exempt)) {
			long waitNanos = this.limiter.acquire(address.key());
			if (waitNanos > 0) {
				refuse(response, waitNanos);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletResponse response, long waitNanos) throws IOException {
		long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(),
				new ApiError("rate_limited", "Too many requests from your address; try again in " + seconds + " s."));
	}

}
