package io.seckill.ingress.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import io.seckill.ingress.web.ApiException;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.HttpStatus;

/**
 * The per-address budget ({@link AddressRateLimitProperties}), shared by the purchase
 * route and the filter in front of every other call, so one client address has one budget
 * whatever it calls. Checked before authentication and before anything touches Redis: a
 * flood of forged tokens is cut here too.
 */
public final class AddressRateLimit {

	private final RateLimiter limiter;

	private final List<AddressRange> exempt;

	private final boolean enabled;

	AddressRateLimit(AddressRateLimitProperties properties, LongSupplier nanoClock) {
		this.enabled = properties.enabled();
		this.limiter = new RateLimiter(this.enabled ? properties.requestsPerSecond() : 1, properties.burst(),
				properties.maxTracked(), nanoClock);
		this.exempt = properties.exempt()
			.stream()
			.filter((range) -> !range.isBlank())
			.map((range) -> range(range, "seckill.rate-limit.address.exempt"))
			.toList();
	}

	static AddressRange range(String cidr, String property) {
		try {
			return AddressRange.parse(cidr);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, cidr, ex.getMessage());
		}
	}

	private boolean isExempt(byte[] address) {
		for (AddressRange range : this.exempt) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Takes one request's worth of the address's budget.
	 * @param remote the client's address (after trusted proxies), {@code null} if unknown
	 * @throws ApiException {@code 429} with {@code Retry-After} when the budget is spent
	 */
	public void check(@Nullable SocketAddress remote) {
		if (!this.enabled || !(remote instanceof InetSocketAddress address)) {
			return;
		}
		InetAddress resolved = address.getAddress();
		// The common case, loopback tools and proxies, without building a key.
		if (resolved != null && isExempt(resolved.getAddress())) {
			return;
		}
		ClientAddress client = ClientAddress.of(address);
		if (client.isIn(this.exempt)) {
			return;
		}
		long waitNanos = this.limiter.acquire(client.key());
		if (waitNanos > 0) {
			long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
			throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
					"Too many requests from your address; try again in " + seconds + " s.", seconds);
		}
	}

}
