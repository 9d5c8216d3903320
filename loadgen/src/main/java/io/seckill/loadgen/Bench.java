package io.seckill.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The loadgen side of {@code ./seckill bench} ({@code scripts/bench/bench.sh} runs the
 * phases): shopper tokens for wrk, the open-loop client, and the report.
 */
final class Bench {

	private static final int BAR_WIDTH = 24;

	private Bench() {
	}

	static int tokens(Arguments args, Map<String, String> env) {
		int users = args.integer("users", 20_000, 1, 10_000_000);
		Path out = Path.of(args.required("out"));
		String prefix = args.string("prefix", "bench-user-");
		String secret = DemoSettings.secret(args, env);
		args.rejectUnknown();
		DevTokens tokens = new DevTokens(secret);
		Instant now = Instant.now();
		StringBuilder text = new StringBuilder(users * 200);
		for (int i = 1; i <= users; i++) {
			text.append(tokens.mint(prefix + i, false, Duration.ofHours(6), now)).append('\n');
		}
		write(out, text.toString());
		return 0;
	}

	static int openLoop(Arguments args, PrintStream out, PrintStream err) throws InterruptedException {
		URI url = URI.create(args.string("url", "http://127.0.0.1:8080"));
		String saleId = args.required("sale-id");
		List<String> tokens = readTokens(Path.of(args.required("tokens")));
		int rate = args.integer("rate", 1000, 1, 1_000_000);
		int seconds = args.integer("seconds", 10, 1, 3600);
		int connections = args.integer("connections", 64, 1, 10_000);
		int grace = args.integer("grace", 10, 0, 600);
		String run = args.string("run", Long.toString(System.currentTimeMillis()));
		String json = args.string("json");
		Progress.Mode mode = Progress.Mode.named(args.string("progress", "auto"));
		args.rejectUnknown();
		OpenLoop.Settings settings = new OpenLoop.Settings(url.getHost(), (url.getPort() > 0) ? url.getPort() : 80,
				"/api/sales/" + saleId + "/purchases", run, rate, Duration.ofSeconds(seconds), connections,
				Duration.ofSeconds(grace));
		OpenLoop loop = new OpenLoop(settings, tokens);
		long total = (long) rate * seconds;
		long started = System.nanoTime();
		int[] answered = new int[1];
		OpenLoop.Result result;
		try (Progress progress = Progress.start(mode, err,
				() -> String.format(Locale.ROOT, "open loop %,d/s %s %s %,d/%,d answered  %.1f s", rate,
						Progress.bar((double) answered[0] / total, BAR_WIDTH), Progress.percent(answered[0], total),
						answered[0], total, (System.nanoTime() - started) / 1e9))) {
			result = loop.run((n) -> answered[0] = n);
		}
		if (json != null) {
			write(Path.of(json), JsonMapper.builder().build().writeValueAsString(result.toJson()));
		}
		out.println(result.summary());
		return 0;
	}

	static int report(Arguments args, PrintStream out) {
		Path dir = Path.of(args.required("dir"));
		args.rejectUnknown();
		if (!Files.isRegularFile(dir.resolve("meta.json"))) {
			throw new UsageException(dir + "/meta.json is missing: not a bench run's directory");
		}
		BenchReport report = new BenchReport(dir, JsonMapper.builder().build());
		out.print(report.write(report.build()));
		return 0;
	}

	private static List<String> readTokens(Path file) {
		try {
			List<String> tokens = new ArrayList<>();
			for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
				if (!line.isBlank()) {
					tokens.add(line.trim());
				}
			}
			return tokens;
		}
		catch (IOException ex) {
			throw new UsageException("cannot read the tokens file " + file + ": " + ex.getMessage());
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
