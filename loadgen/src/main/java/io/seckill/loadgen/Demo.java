package io.seckill.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

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
			createSale(api, tokens.mint("loadgen-admin", true, ttl, now), now);
			Shoppers shoppers = Shoppers.mint(tokens, this.settings.users(), ttl, now);
			PurchaseBurst.Result burst = new PurchaseBurst(api, shoppers, this.settings.saleId(),
					this.settings.attempts())
				.run(this.settings.concurrency(), this.settings.progress(), this.err);
			this.err.printf(Locale.ROOT, "following %,d accepted purchases until decided (at most %d s)%n",
					burst.accepted().size(), this.settings.timeout().toSeconds());
			PurchaseDrain.Result drain = new PurchaseDrain(api, shoppers).run(burst.accepted(), this.settings.timeout(),
					this.settings.concurrency(), this.settings.progress(), this.err);
			DemoReport report = DemoReport.of(this.settings, burst, drain, api.sale(this.settings.saleId()));
			this.out.print(report.render());
			writeJson(report);
			return report.invariants().hold() ? 0 : 1;
		}
	}

	private void createSale(SeckillApi api, String adminToken, Instant now) {
		// startsAt a second back, so the sale is open even if ingress's clock reads a
		// little earlier.
		Instant startsAt = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
		NewSale sale = new NewSale(this.settings.saleId(), this.settings.item(), this.settings.stock(),
				this.settings.perUserLimit(), startsAt, startsAt.plus(SALE_LENGTH));
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
