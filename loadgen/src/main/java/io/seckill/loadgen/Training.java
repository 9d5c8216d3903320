package io.seckill.loadgen;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.sale.SaleIds;
import io.seckill.loadgen.SeckillApi.NewSale;

/**
 * The workload of the ingress's AOT training run ({@code ./seckill up}): small flash
 * sales, so the AOT cache holds the method profiles (JEP 515) of what a sale asks of the
 * ingress (purchases accepted, refused at the per-user limit and sold out, results read)
 * and a restarted ingress compiles its hot path from them, instead of learning it in the
 * first sale's burst. One sale per concurrency: a steady one, then a crowd of new
 * connections arriving at once, as at a sale's opening. The purchases are real: sales of
 * their own whose accepted purchases become orders once the workers run.
 */
final class Training {

	private static final Duration SALE_LENGTH = Duration.ofHours(1);

	/** Result polls are trained, not waited on: the workers may not run yet. */
	private static final Duration RESULT_POLLS = Duration.ofSeconds(1);

	private Training() {
	}

	static int run(Arguments args, Map<String, String> env, PrintStream err) throws InterruptedException {
		Instant now = Instant.now();
		URI url = URI.create(args.string("url", "http://127.0.0.1:8080"));
		String secret = DemoSettings.secret(args, env);
		String base = args.string("sale-id", "aot-training-" + DemoSettings.SALE_ID_TIME.format(now));
		int attempts = args.integer("attempts", 20_000, 1, 1_000_000);
		List<Integer> crowds = concurrencies(args.string("concurrency", "64,1000"));
		args.rejectUnknown();
		for (int crowd : crowds) {
			if (!SaleIds.isValid(saleId(base, crowd))) {
				throw new UsageException("--sale-id: " + saleId(base, crowd) + " " + SaleIds.RULE);
			}
		}
		DevTokens tokens = new DevTokens(secret);
		try (SeckillApi api = new SeckillApi(url, Duration.ofSeconds(10), JsonMapper.builder().build())) {
			Shoppers shoppers = Shoppers.mint(tokens, Math.max(1, attempts / 4), SALE_LENGTH, now);
			String adminToken = tokens.mint("aot-training-admin", true, SALE_LENGTH, now);
			for (int crowd : crowds) {
				sale(api, adminToken, shoppers, saleId(base, crowd), attempts, crowd, now, err);
			}
			return 0;
		}
	}

	private static void sale(SeckillApi api, String adminToken, Shoppers shoppers, String saleId, int attempts,
			int crowd, Instant now, PrintStream err) throws InterruptedException {
		// The demo's proportions: a tenth of the attempts can buy, four tries per
		// shopper meet the per-user limit now and then, most find the sale sold out.
		NewSale sale = NewSale.openNow(saleId, "AOT training", Math.max(1, attempts / 10), 1, now, SALE_LENGTH);
		ApiAnswer created = api.createSale(adminToken, sale);
		if (created.status() != 201) {
			throw new DemoFailure("creating training sale " + saleId + " failed: " + created.describe());
		}
		long started = System.nanoTime();
		PurchaseBurst.Result burst = new PurchaseBurst(api, shoppers, saleId, attempts).run(crowd, Progress.Mode.NONE,
				err);
		new PurchaseDrain(api, shoppers).run(burst.accepted(), RESULT_POLLS, 8, Progress.Mode.NONE, err);
		api.sale(saleId);
		err.printf(Locale.ROOT, "training workload: %,d attempts, %d in flight, on sale %s in %.1f s, answers %s%n",
				attempts, crowd, saleId, (System.nanoTime() - started) / 1e9, burst.answers());
		if (burst.accepted().isEmpty()) {
			throw new DemoFailure(
					"no purchase of training sale " + saleId + " was accepted: the purchase path was not trained");
		}
	}

	static String saleId(String base, int crowd) {
		return base + "-c" + crowd;
	}

	private static List<Integer> concurrencies(String list) {
		List<Integer> crowds = new ArrayList<>();
		for (String part : list.split(",")) {
			try {
				int crowd = Integer.parseInt(part.strip());
				if (crowd < 1 || crowd > 10_000) {
					throw new NumberFormatException();
				}
				crowds.add(crowd);
			}
			catch (NumberFormatException ex) {
				throw new UsageException("--concurrency takes a comma list of 1 to 10000, not '" + list + "'");
			}
		}
		return crowds;
	}

}
