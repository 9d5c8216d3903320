package io.seckill.ingress.ratelimit;

import java.util.List;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The in-memory, per-instance limit on requests from one client address: the cheap first
 * line of defence against one host flooding the API. It counts every request but the
 * actuator's, before authentication. The fairness limit per shopper is in Redis (see
 * {@code purchase.lua}), so it holds across instances.
 *
 * @param requestsPerSecond sustained rate per address; {@code 0} turns the limit off
 * @param burst requests an idle address may send at once
 * @param exempt address ranges never limited, in CIDR notation. Loopback by default: that
 * is this machine's own tools (load generator, probes), or a proxy on this host whose
 * clients would otherwise share one budget (behind a proxy, enable forwarded headers so
 * the limit sees the real clients)
 * @param maxTracked most addresses remembered at once; bounds the memory a spray of
 * addresses can take. IPv6 clients are counted per /64, which one subscriber usually
 * holds whole
 * @param trustedProxies proxies, in CIDR notation, whose {@code X-Forwarded-For} is
 * believed when forwarded headers are on
 * ({@code SERVER_FORWARD_HEADERS_STRATEGY=native}). Loopback and private networks by
 * default: a load balancer in front of the ingress sits in one of them
 */
@Validated
@ConfigurationProperties("seckill.rate-limit.address")
record AddressRateLimitProperties(@DefaultValue("100") @DecimalMin("0") double requestsPerSecond,
		@DefaultValue("200") @Min(1) int burst, @DefaultValue( {
				"127.0.0.0/8", "::1/128" }) List<String> exempt,
		@DefaultValue("100000") @Min(1) int maxTracked, @DefaultValue({ "127.0.0.0/8", "::1/128", "10.0.0.0/8",
				"172.16.0.0/12", "192.168.0.0/16", "fc00::/7" }) List<String> trustedProxies){

	boolean enabled() {
		return this.requestsPerSecond > 0;
	}

}
