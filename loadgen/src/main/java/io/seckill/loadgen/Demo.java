package io.seckill.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.seckill.loadgen.SeckillApi.NewSale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One demo sale, start to finish: create the sale as an admin, let the crowd loose on it,
 * follow every accepted purchase to its decision, read the sale back, report.
 */
final class Demo {

	private static final Duration SALE_LENGTH = Duration.ofHours(1);

	private final DemoSettings settings;

	private final JsonMapper json;

	private final PrintStream out;

	private final PrintStream err;

	Demo(DemoSettings settings, JsonMapper json, PrintStream out, PrintStream err) {
		this.settings = settings;
		this.json = json;
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs the demo and prints its report.
	 * @return 0 when every invariant held, 1 otherwise
	 * @throws InterruptedException if interrupted while waiting for decisions
	 */
	int run() throws InterruptedException {
		Instant now = Instant.now();
		DevTokens tokens = new DevTokens(this.settings.secret());
		// Tokens outlive the burst and the whole drain, whatever the timeout.
		Duration ttl = SALE_LENGTH.plus(this.settings.timeout());
		try (SeckillApi api = new SeckillApi(this.settings.url(), this.settings.requestTimeout(), this.json)) {
			String adminToken = tokens.mint("loadgen-admin", true, ttl, now);
			Shoppers shoppers = Shoppers.mint(tokens, this.settings.users(), ttl, now);
			warmUp(api, adminToken, shoppers, now);
			createSale(api, adminToken, now);
			IngressMetrics.Snapshot before = ingressMetrics();
			PurchaseBurst.Result burst = new PurchaseBurst(api, shoppers, this.settings.saleId(),
					this.settings.attempts())
				.run(this.settings.concurrency(), this.settings.progress(), this.err);
			IngressMetrics.Snapshot after = ingressMetrics();
			IngressMetrics.Snapshot duringBurst = (before != null && after != null) ? after.since(before) : null;
			this.err.printf(Locale.ROOT, "following %,d accepted purchases until decided (at most %d s)%n",
					burst.accepted().size(), this.settings.timeout().toSeconds());
			PurchaseDrain.Result drain = new PurchaseDrain(api, shoppers).run(burst.accepted(), this.settings.timeout(),
					this.settings.concurrency(), this.settings.progress(), this.err);
			DemoReport report = DemoReport.of(this.settings, burst, drain, api.sale(this.settings.saleId()),
					duringBurst);
			this.out.print(report.render());
			writeJson(report);
			return report.invariants().hold() ? 0 : 1;
		}
	}

	/**
	 * A real flash sale meets services that have served traffic for a while; a JVM that
	 * just started interprets its first thousands of requests and compiles on the same
	 * two cores. The warm-up sale takes that cost before the measured one, and is
	 * reported apart.
	 */
	private void warmUp(SeckillApi api, String adminToken, Shoppers shoppers, Instant now) throws InterruptedException {
		if (this.settings.warmUp() == 0) {
			return;
		}
		String saleId = warmUpSaleId(this.settings.saleId());
		// Mostly sold-out answers; the few accepted ones warm the workers without leaving
		// them a backlog when the measured sale starts.
		NewSale sale = newSale(saleId, Math.max(1, this.settings.warmUp() / 10), 100, now);
		ApiAnswer answer = api.createSale(adminToken, sale);
		if (answer.status() != 201) {
			throw new DemoFailure("creating warm-up sale " + saleId + " failed: " + answer.describe());
		}
		long started = System.nanoTime();
		PurchaseBurst.Result burst = new PurchaseBurst(api, shoppers, saleId, this.settings.warmUp())
			.run(Math.min(this.settings.concurrency(), 32), Progress.Mode.NONE, this.err);
		new PurchaseDrain(api, shoppers).run(burst.accepted(), this.settings.timeout(), 8, Progress.Mode.NONE,
				this.err);
		this.err.printf(Locale.ROOT, "warm-up: %,d attempts on sale %s in %.1f s, answers %s (not in the report)%n",
				this.settings.warmUp(), saleId, (System.nanoTime() - started) / 1e9, burst.answers());
	}

	private IngressMetrics.@Nullable Snapshot ingressMetrics() {
		URI management = this.settings.managementUrl();
		return (management != null) ? IngressMetrics.read(management) : null;
	}

	static String warmUpSaleId(String saleId) {
		String suffix = "-warmup";
		return saleId.substring(0, Math.min(saleId.length(), 64 - suffix.length())) + suffix;
	}

	private NewSale newSale(String saleId, int stock, int perUserLimit, Instant now) {
		return NewSale.openNow(saleId, this.settings.item(), stock, perUserLimit, now, SALE_LENGTH);
	}

	private void createSale(SeckillApi api, String adminToken, Instant now) {
		NewSale sale = newSale(this.settings.saleId(), this.settings.stock(), this.settings.perUserLimit(), now);
		ApiAnswer answer = api.createSale(adminToken, sale);
		if (answer.status() != 201) {
			throw new DemoFailure(
					"creating sale " + sale.saleId() + " at " + this.settings.url() + " failed: " + answer.describe());
		}
		this.err.printf(Locale.ROOT, "created sale %s: %,d items, limit %d per shopper, open until %s%n", sale.saleId(),
				sale.stock(), sale.perUserLimit(), sale.endsAt());
	}

	private void writeJson(DemoReport report) {
		Path path = this.settings.json();
		if (path == null) {
			return;
		}
		try {
			Path parent = path.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			this.json.writerWithDefaultPrettyPrinter().writeValue(path, report);
		}
		catch (IOException | JacksonException ex) {
			throw new DemoFailure("cannot write the JSON report to " + path + ": " + ex.getMessage());
		}
	}

}
