package io.seckill.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.seckill.common.sale.SaleIds;

/**
 * What {@code loadgen demo} was asked to do.
 *
 * @param url where ingress listens
 * @param secret the HS256 secret ingress verifies tokens with
 * @param saleId the sale to create and drive
 * @param item what the sale sells
 * @param stock items for sale
 * @param perUserLimit most items per shopper
 * @param attempts purchase attempts in the burst
 * @param users distinct shoppers
 * @param concurrency requests in flight at once
 * @param timeout how long to wait for accepted purchases to be decided
 * @param requestTimeout how long one HTTP call may take
 * @param json where to write the report as JSON, if anywhere
 * @param progress how to show progress on stderr
 * @param warmUp purchase attempts against a separate warm-up sale before the real one,
 * left out of the report (0 for none)
 * @param managementUrl the ingress's management port, whose metrics say what its circuit
 * breaker and admission control did during the burst; {@code null} to leave that out
 */
record DemoSettings(URI url, String secret, String saleId, String item, int stock, int perUserLimit, int attempts,
		int users, int concurrency, Duration timeout, Duration requestTimeout, @Nullable Path json,
		Progress.Mode progress, int warmUp, @Nullable URI managementUrl) {

	/** The time in default sale ids ({@code demo-20261204-101500}). */
	static final DateTimeFormatter SALE_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	static DemoSettings from(Arguments args, Map<String, String> env, Instant now) {
		URI url = url(args.string("url", "http://127.0.0.1:8080"));
		String secret = secret(args, env);
		String saleId = args.string("sale-id", "demo-" + SALE_ID_TIME.format(now));
		if (!SaleIds.isValid(saleId)) {
			throw new UsageException("--sale-id " + SaleIds.RULE + ", not '" + saleId + "'");
		}
		DemoSettings settings = new DemoSettings(url, secret, saleId, args.string("item", "Limited edition sneaker"),
				args.integer("stock", 500, 1, 10_000_000), args.integer("limit", 1, 1, 100),
				args.integer("attempts", 20_000, 1, 10_000_000), args.integer("users", 5_000, 1, 10_000_000),
				args.integer("concurrency", 200, 1, 10_000), seconds(args.integer("timeout", 120, 1, 86_400)),
				seconds(args.integer("request-timeout", 10, 1, 600)), path(args.string("json")),
				Progress.Mode.named(args.string("progress", "auto")), args.integer("warmup", 6_000, 0, 1_000_000),
				optionalUrl(args.string("management-url")));
		args.rejectUnknown();
		return settings;
	}

	/**
	 * The secret from {@code --secret}, else from {@code SECKILL_JWT_SECRET}.
	 * @param args the command line
	 * @param env the environment
	 * @return the secret
	 */
	static String secret(Arguments args, Map<String, String> env) {
		String secret = args.string("secret");
		if (secret == null || secret.isEmpty()) {
			secret = env.get("SECKILL_JWT_SECRET");
		}
		if (secret == null || secret.isEmpty()) {
			throw new UsageException("give the JWT secret with --secret or SECKILL_JWT_SECRET");
		}
		return secret;
	}

	private static URI url(String value) {
		URI url;
		try {
			url = URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException("--url is not a URL: " + value);
		}
		if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
			throw new UsageException("--url must be an http(s) URL with a host, not '" + value + "'");
		}
		return url;
	}

	private static @Nullable URI optionalUrl(@Nullable String value) {
		return (value != null && !value.isEmpty()) ? url(value) : null;
	}

	private static Duration seconds(int seconds) {
		return Duration.ofSeconds(seconds);
	}

	private static @Nullable Path path(@Nullable String value) {
		return (value != null) ? Path.of(value) : null;
	}

}
