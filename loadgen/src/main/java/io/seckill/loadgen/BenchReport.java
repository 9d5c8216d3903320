package io.seckill.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Turns the raw files one {@code ./seckill bench} run left in its directory into the
 * report: text for the terminal, {@code report.json}, and {@code index.html} with inline
 * SVG charts (self-contained, no script, no CDN).
 *
 * <p>
 * Raw files, each optional but {@code meta.json}: {@code baseline.json},
 * {@code soldout.json} and {@code purchase.json} (wrk phases), {@code redis.csv}
 * ({@code redis-benchmark --csv}), {@code drain.tsv} (epoch ms, accepted, orders),
 * {@code ingress.tsv} (epoch ms, RSS kB, heap used bytes), {@code openloop-<rate>.json}.
 */
final class BenchReport {

	private final Path dir;

	private final JsonMapper json;

	BenchReport(Path dir, JsonMapper json) {
		this.dir = dir;
		this.json = json;
	}

	/**
	 * Reads the raw files and computes every figure and ratio.
	 * @return the report as a JSON-ready map
	 */
	Map<String, Object> build() {
		JsonNode meta = read("meta.json");
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("meta", meta);
		Phase baseline = Phase.of("baseline", read("baseline.json"), true, MissingNode.getInstance(),
				read("baseline-cpu.json"));
		Phase soldOut = Phase.of("sold-out", read("soldout.json"), false, read("soldout-statuses.json"),
				read("soldout-cpu.json"));
		Phase purchase = Phase.of("purchase", read("purchase.json"), true, read("purchase-statuses.json"),
				read("purchase-cpu.json"));
		Map<String, Object> phases = new LinkedHashMap<>();
		for (Phase phase : List.of(baseline, soldOut, purchase)) {
			if (phase.present()) {
				phases.put(phase.name(), phase.toJson());
			}
		}
		report.put("closedLoop", phases);
		RedisCeiling redis = RedisCeiling.parse(text("redis.csv"));
		if (redis != null) {
			Map<String, Object> ceiling = new LinkedHashMap<>();
			ceiling.put("requestsPerSecond", redis.requestsPerSecond());
			ceiling.put("p50Millis", redis.p50Millis());
			ceiling.put("p99Millis", redis.p99Millis());
			ceiling.put("maxMillis", redis.maxMillis());
			long calls = meta.path("redisRequests").asLong(0);
			double masterCpu = read("redis-cpu.json").path("redis-master").asDouble(0);
			if (calls > 0 && masterCpu > 0) {
				// One master runs scripts on one thread: 1 s / CPU per call bounds it.
				ceiling.put("masterCpuMicrosPerCall", round(masterCpu * 1000 / calls));
				ceiling.put("singleThreadBoundPerSecond", Math.round(1e6 / (masterCpu * 1000 / calls)));
			}
			report.put("redisCeiling", ceiling);
		}
		Drain drain = Drain.of(lines("drain.tsv"), meta.path("purchaseStartMs").asLong(0),
				meta.path("purchaseEndMs").asLong(0));
		if (drain != null) {
			report.put("drain", drain.toJson());
		}
		Memory memory = Memory.of(lines("ingress.tsv"));
		if (memory != null) {
			report.put("ingressMemory", memory);
		}
		List<JsonNode> openLoop = openLoopRuns();
		if (!openLoop.isEmpty()) {
			report.put("openLoop", openLoop);
		}
		Map<String, Object> pipeline = pipeline(purchase, read("drain-cpu.json"));
		if (pipeline != null) {
			report.put("pipeline", pipeline);
		}
		List<Map<String, Object>> load = loadAverages(text("load.tsv"), meta.path("cores").asInt(0));
		if (!load.isEmpty()) {
			report.put("loadAverage", load);
			report.put("notQuiet",
					load.stream()
						.filter((phase) -> Boolean.FALSE.equals(phase.get("quiet")))
						.map((phase) -> phase.get("phase"))
						.toList());
		}
		Map<String, Object> ratios = new LinkedHashMap<>();
		putRatio(ratios, "purchaseToBaseline", purchase.okPerSecond(), baseline.perSecond());
		putRatio(ratios, "soldOutToBaseline", soldOut.perSecond(), baseline.perSecond());
		putRatio(ratios, "purchaseToRedisCeiling", purchase.okPerSecond(),
				(redis != null) ? redis.requestsPerSecond() : 0);
		putRatio(ratios, "drainToAccepted", (drain != null) ? drain.ordersPerSecond() : 0,
				(drain != null) ? drain.acceptedPerSecond() : 0);
		report.put("ratios", ratios);
		List<Map<String, Object>> targets = targets(ratios, openLoop, memory, purchase, pipeline);
		targets.addAll(ingressCpuTargets(baseline, soldOut, purchase, ratios));
		report.put("targets", targets);
		return report;
	}

	/**
	 * What the whole pipeline spent per accepted purchase: the CPU each process used
	 * during the purchase phase and the drain after it, over the purchases accepted.
	 * @param purchase the purchase phase
	 * @param drainCpu CPU milliseconds per process during the drain, or a missing node
	 * @return the figures, or {@code null} when the purchase phase was not measured
	 */
	static @Nullable Map<String, Object> pipeline(Phase purchase, JsonNode drainCpu) {
		long accepted = purchase.statuses().path("202").asLong(0);
		if (accepted <= 0) {
			accepted = Math.round(purchase.okPerSecond() * purchase.seconds());
		}
		if (!purchase.present() || purchase.cpuMillis().isMissingNode() || accepted <= 0) {
			return null;
		}
		Map<String, Double> millis = new LinkedHashMap<>();
		purchase.cpuMillis()
			.properties()
			.forEach((entry) -> millis.merge(entry.getKey(), entry.getValue().asDouble(), Double::sum));
		drainCpu.properties()
			.forEach((entry) -> millis.merge(entry.getKey(), entry.getValue().asDouble(), Double::sum));
		Map<String, Double> perPurchase = new LinkedHashMap<>();
		double whole = 0;
		for (Map.Entry<String, Double> entry : millis.entrySet()) {
			double micros = entry.getValue() * 1000 / accepted;
			perPurchase.put(entry.getKey(), round(micros));
			whole += micros;
		}
		Map<String, Object> pipeline = new LinkedHashMap<>();
		pipeline.put("acceptedPurchases", accepted);
		pipeline.put("drainMeasured", !drainCpu.isMissingNode());
		pipeline.put("cpuMicrosPerPurchase", perPurchase);
		pipeline.put("workersMicrosPerPurchase", round(
				perPurchase.getOrDefault("reservation-worker", 0.0) + perPurchase.getOrDefault("order-worker", 0.0)));
		pipeline.put("wholePipelineMicrosPerPurchase", round(whole));
		return pipeline;
	}

	/**
	 * The load average before and after each phase, from {@code load.tsv} (phase, the
	 * three averages before, the three after, whether it was quiet, the percent of CPU
	 * busy in the second before, the orders that expired during it). The bench judges
	 * quiet by that CPU figure, and calls a phase beside an earlier run's expiry wave not
	 * quiet either: the 1-minute load average the previous phase raised would call every
	 * phase but the first busy. Files without the judgement fall back to the load average
	 * against the cores.
	 * @param text the file, or {@code null}
	 * @param cores the machine's cores, 0 if unknown
	 * @return one entry per phase, in order
	 */
	static List<Map<String, Object>> loadAverages(@Nullable String text, int cores) {
		List<Map<String, Object>> phases = new ArrayList<>();
		if (text == null) {
			return phases;
		}
		for (String line : text.split("\n")) {
			String[] fields = line.split("\t");
			if (fields.length < 3) {
				continue;
			}
			double[] before = averages(fields[1]);
			double[] after = averages(fields[2]);
			Map<String, Object> phase = new LinkedHashMap<>();
			phase.put("phase", fields[0]);
			phase.put("before", before);
			phase.put("after", after);
			if (fields.length > 3) {
				phase.put("quiet", !fields[3].trim().equals("false"));
			}
			else {
				phase.put("quiet", cores <= 0 || before.length == 0 || before[0] <= cores);
			}
			if (fields.length > 4 && fields[4].trim().matches("\\d{1,3}")) {
				phase.put("busyPercentBefore", Integer.parseInt(fields[4].trim()));
			}
			if (fields.length > 5 && fields[5].trim().matches("\\d{1,9}")) {
				phase.put("ordersExpired", Integer.parseInt(fields[5].trim()));
			}
			phases.add(phase);
		}
		return phases;
	}

	private static double[] averages(String field) {
		String[] parts = field.trim().split("\\s+");
		double[] values = new double[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				values[i] = Double.parseDouble(parts[i]);
			}
			catch (NumberFormatException ex) {
				return new double[0];
			}
		}
		return values;
	}

	/**
	 * Writes {@code report.json} and {@code index.html} next to the raw files.
	 * @param report what {@link #build()} returned
	 * @return the report as text
	 */
	String write(Map<String, Object> report) {
		try {
			Files.writeString(this.dir.resolve("report.json"),
					this.json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
			String text = text(report);
			Files.writeString(this.dir.resolve("index.html"), BenchHtml.render(this.json.valueToTree(report), text));
			return text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String text(Map<String, Object> report) {
		StringBuilder out = new StringBuilder();
		JsonNode root = new JsonMapper().valueToTree(report);
		JsonNode meta = root.path("meta");
		out.append(String.format(Locale.ROOT, "Seckill bench %s  (concurrency %s, %s s per phase, %s cores)%n",
				meta.path("startedAt").asString(""), meta.path("concurrency").asString("?"),
				meta.path("seconds").asString("?"), meta.path("cores").asString("?")));
		if (!meta.path("note").asString("").isEmpty()) {
			out.append("  note: ").append(meta.path("note").asString()).append('\n');
		}
		if (!root.path("notQuiet").isEmpty()) {
			List<String> noisy = new ArrayList<>();
			root.path("notQuiet").forEach((phase) -> noisy.add(phase.asString()));
			out.append(String.format(Locale.ROOT,
					"  WARNING: the machine was not quiet (over half of its %s cores busy just before, or an earlier run's"
							+ " orders expiring beside it) in: %s;" + " these figures are not evidence%n",
					meta.path("cores").asString("?"), String.join(", ", noisy)));
		}
		out.append(String.format(Locale.ROOT, "%n  %-22s %12s %9s %9s %9s %9s  %s%n", "closed loop (wrk)", "req/s",
				"p50 ms", "p99 ms", "p99.9 ms", "max ms", "answers"));
		for (JsonNode phase : root.path("closedLoop")) {
			out.append(String.format(Locale.ROOT, "  %-22s %,12.0f %9.2f %9.2f %9.2f %9.2f  %s%n",
					phase.path("name").asString(), phase.path("okPerSecond").asDouble(),
					phase.path("latencyMillis").path("p50").asDouble(),
					phase.path("latencyMillis").path("p99").asDouble(),
					phase.path("latencyMillis").path("p999").asDouble(),
					phase.path("latencyMillis").path("max").asDouble(), phase.path("answers").asString()));
			if (!phase.path("cpuMicrosPerRequest").isEmpty()) {
				StringBuilder cpu = new StringBuilder();
				phase.path("cpuMicrosPerRequest")
					.properties()
					.forEach((entry) -> cpu
						.append(String.format(Locale.ROOT, "  %s %.0f", entry.getKey(), entry.getValue().asDouble())));
				out.append(String.format(Locale.ROOT, "  %-22s CPU us/request:%s%n", "", cpu));
			}
		}
		JsonNode redis = root.path("redisCeiling");
		if (!redis.isMissingNode()) {
			out.append(String.format(Locale.ROOT, "  %-22s %,12.0f %9.2f %9.2f %9s %9.2f  EVALSHA purchase.lua%n",
					"redis ceiling", redis.path("requestsPerSecond").asDouble(), redis.path("p50Millis").asDouble(),
					redis.path("p99Millis").asDouble(), "-", redis.path("maxMillis").asDouble()));
			if (redis.has("masterCpuMicrosPerCall")) {
				out.append(
						String.format(Locale.ROOT, "  %-22s master CPU %.1f us/call: one master tops out near %,d/s%n",
								"", redis.path("masterCpuMicrosPerCall").asDouble(),
								redis.path("singleThreadBoundPerSecond").asLong()));
			}
		}
		JsonNode drain = root.path("drain");
		if (!drain.isMissingNode()) {
			out.append(String.format(Locale.ROOT,
					"%n  drain: %,d accepted at %,.0f/s; %,.0f orders/s; backlog peak %,d, %,d left after %.0f s%n",
					drain.path("accepted").asLong(), drain.path("acceptedPerSecond").asDouble(),
					drain.path("ordersPerSecond").asDouble(), drain.path("peakBacklog").asLong(),
					drain.path("finalBacklog").asLong(), drain.path("sampledSeconds").asDouble()));
		}
		JsonNode pipeline = root.path("pipeline");
		if (!pipeline.isMissingNode()) {
			StringBuilder cpu = new StringBuilder();
			pipeline.path("cpuMicrosPerPurchase")
				.properties()
				.forEach((entry) -> cpu
					.append(String.format(Locale.ROOT, "  %s %.0f", entry.getKey(), entry.getValue().asDouble())));
			out.append(String.format(Locale.ROOT,
					"  pipeline CPU us/purchase (purchase + drain, %,d accepted):%s%n"
							+ "  %-22s workers %.0f us/purchase; whole pipeline %.0f us per purchase%n",
					pipeline.path("acceptedPurchases").asLong(), cpu, "",
					pipeline.path("workersMicrosPerPurchase").asDouble(),
					pipeline.path("wholePipelineMicrosPerPurchase").asDouble()));
		}
		for (JsonNode run : root.path("openLoop")) {
			JsonNode l = run.path("latencyMillis");
			out.append(String.format(Locale.ROOT,
					"  open loop %,6d/s: %,d/s answered, %,d unanswered; p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f ms; %s%n",
					run.path("rate").asInt(), run.path("achievedPerSecond").asLong(), run.path("unanswered").asLong(),
					l.path("p50").asDouble(), l.path("p99").asDouble(), l.path("p999").asDouble(),
					l.path("max").asDouble(), run.path("statuses").toString()));
		}
		JsonNode memory = root.path("ingressMemory");
		if (!memory.isMissingNode()) {
			out.append(String.format(Locale.ROOT, "  ingress memory: RSS peak %,d MB, heap used peak %,d MB%n",
					memory.path("peakRssMb").asLong(), memory.path("peakHeapUsedMb").asLong()));
		}
		if (!root.path("loadAverage").isEmpty()) {
			out.append(String.format(Locale.ROOT,
					"%n  load average (1, 5, 15 min) before -> after each phase; CPU busy in the second before%n"));
			for (JsonNode phase : root.path("loadAverage")) {
				out.append(String.format(Locale.ROOT, "    %-24s %s -> %s%s%s%s%n", phase.path("phase").asString(),
						loads(phase.path("before")), loads(phase.path("after")),
						phase.has("busyPercentBefore") ? "; " + phase.path("busyPercentBefore").asInt() + " % busy"
								: "",
						(phase.path("ordersExpired").asInt(0) > 0) ? String.format(Locale.ROOT, "; %,d orders expired",
								phase.path("ordersExpired").asInt()) : "",
						phase.path("quiet").asBoolean(true) ? "" : "  NOT QUIET"));
			}
		}
		out.append(String.format(Locale.ROOT, "%n  ratios%n"));
		root.path("ratios")
			.properties()
			.forEach((entry) -> out
				.append(String.format(Locale.ROOT, "    %-24s %s%n", entry.getKey(), entry.getValue().isNumber()
						? String.format(Locale.ROOT, "%.3f", entry.getValue().asDouble()) : "not measured")));
		out.append(String.format(Locale.ROOT, "  targets%n"));
		for (JsonNode target : root.path("targets")) {
			out.append(String.format(Locale.ROOT, "    %-4s %-44s %s%n",
					target.path("met").isBoolean() ? (target.path("met").asBoolean() ? "MET" : "MISS") : "n/a",
					target.path("target").asString(), target.path("measured").asString()));
		}
		return out.toString();
	}

	private static String loads(JsonNode averages) {
		List<String> values = new ArrayList<>();
		averages.forEach((value) -> values.add(String.format(Locale.ROOT, "%.2f", value.asDouble())));
		return String.join(" ", values);
	}

	private static List<Map<String, Object>> targets(Map<String, Object> ratios, List<JsonNode> openLoop,
			@Nullable Memory memory, Phase purchase, @Nullable Map<String, Object> pipeline) {
		List<Map<String, Object>> targets = new ArrayList<>();
		targets.add(target("purchase / baseline >= 0.5", (Double) ratios.get("purchaseToBaseline"), 0.5, true));
		targets.add(target("sold-out / baseline >= 0.9", (Double) ratios.get("soldOutToBaseline"), 0.9, true));
		targets.add(target("drain / accepted >= 1.0", (Double) ratios.get("drainToAccepted"), 1.0, true));
		JsonNode nearest = null;
		double wanted = 0.8 * purchase.okPerSecond();
		for (JsonNode run : openLoop) {
			if (nearest == null || Math.abs(run.path("rate").asDouble() - wanted) < Math
				.abs(nearest.path("rate").asDouble() - wanted)) {
				nearest = run;
			}
		}
		if (nearest != null && purchase.present()) {
			// Issue 4 asked 25 ms, issue 10 50 ms.
			for (int bound : new int[] { 25, 50 }) {
				Map<String, Object> target = target(
						String.format(Locale.ROOT, "purchase p99 <= %d ms at 80%% of max (%,.0f/s)", bound, wanted),
						nearest.path("latencyMillis").path("p99").asDouble(), bound, false);
				target.put("measured", String.format(Locale.ROOT, "p99 %.2f ms at %,d/s open loop",
						nearest.path("latencyMillis").path("p99").asDouble(), nearest.path("rate").asInt()));
				targets.add(target);
			}
		}
		if (pipeline != null && Boolean.TRUE.equals(pipeline.get("drainMeasured"))) {
			targets.add(target("workers' CPU per order <= 500 us", (Double) pipeline.get("workersMicrosPerPurchase"),
					500, false));
		}
		if (memory != null) {
			Map<String, Object> target = target("ingress heap used <= 256 MB", (double) memory.peakHeapUsedMb(), 256,
					false);
			target.put("measured",
					String.format(Locale.ROOT, "%d MB heap, RSS %d MB", memory.peakHeapUsedMb(), memory.peakRssMb()));
			targets.add(target);
		}
		return targets;
	}

	/**
	 * Issue 10's bounds on what the ingress spends per request, and on the purchase rate
	 * against the Redis ceiling (its 3x rate is against a figure of its day, in
	 * docs/scaling.md).
	 */
	private static List<Map<String, Object>> ingressCpuTargets(Phase baseline, Phase soldOut, Phase purchase,
			Map<String, Object> ratios) {
		List<Map<String, Object>> targets = new ArrayList<>();
		targets.add(target("ingress CPU per purchase <= 300 us", purchase.cpuMicrosPerRequest().get("ingress"), 300,
				false));
		targets.add(target("ingress CPU per sold-out answer <= 100 us", soldOut.cpuMicrosPerRequest().get("ingress"),
				100, false));
		targets.add(target("ingress CPU per liveness request <= 100 us", baseline.cpuMicrosPerRequest().get("ingress"),
				100, false));
		targets
			.add(target("purchase / Redis ceiling >= 0.3", (Double) ratios.get("purchaseToRedisCeiling"), 0.3, true));
		return targets;
	}

	private static Map<String, Object> target(String name, @Nullable Double value, double bound, boolean atLeast) {
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("target", name);
		if (value == null || value.isNaN() || value <= 0 && atLeast) {
			target.put("met", null);
			target.put("measured", "not measured");
			return target;
		}
		target.put("met", atLeast ? value >= bound : value <= bound);
		target.put("value", value);
		target.put("measured", String.format(Locale.ROOT, "%.3f", value));
		return target;
	}

	private static void putRatio(Map<String, Object> ratios, String name, double numerator, double denominator) {
		ratios.put(name, (numerator > 0 && denominator > 0)
				? Double.valueOf(Math.round(numerator / denominator * 1000) / 1000.0) : null);
	}

	private List<JsonNode> openLoopRuns() {
		List<JsonNode> runs = new ArrayList<>();
		try (var files = Files.list(this.dir)) {
			files.filter((file) -> file.getFileName().toString().matches("openloop-\\d+\\.json"))
				.sorted((a, b) -> Integer.compare(rateOf(a), rateOf(b)))
				.forEach((file) -> runs.add(read(file.getFileName().toString())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return runs;
	}

	private static int rateOf(Path file) {
		String name = file.getFileName().toString();
		return Integer.parseInt(name.substring("openloop-".length(), name.length() - ".json".length()));
	}

	private JsonNode read(String name) {
		String text = text(name);
		return (text != null && !text.isBlank()) ? this.json.readTree(text) : MissingNode.getInstance();
	}

	private @Nullable String text(String name) {
		Path file = this.dir.resolve(name);
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<long[]> lines(String name) {
		String text = text(name);
		List<long[]> rows = new ArrayList<>();
		if (text == null) {
			return rows;
		}
		for (String line : text.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length < 2 || !fields[0].matches("\\d+")) {
				continue;
			}
			long[] row = new long[fields.length];
			boolean numeric = true;
			for (int i = 0; i < fields.length; i++) {
				if (!fields[i].matches("-?\\d+")) {
					numeric = false;
					break;
				}
				row[i] = Long.parseLong(fields[i]);
			}
			if (numeric) {
				rows.add(row);
			}
		}
		return rows;
	}

	/**
	 * One closed-loop wrk phase.
	 *
	 * @param name the phase
	 * @param raw what wrk's {@code done()} wrote, or a missing node
	 * @param errorsAreFailures whether a 4xx/5xx answer is a failure (the purchase path)
	 * or the expected answer (a sold-out sale answers 410)
	 * @param statuses the ingress's count of answers by HTTP status during the phase, or
	 * a missing node
	 * @param cpuMillis CPU milliseconds each process used during the phase, or a missing
	 * node
	 */
	record Phase(String name, JsonNode raw, boolean errorsAreFailures, JsonNode statuses, JsonNode cpuMillis) {

		static Phase of(String name, JsonNode raw, boolean errorsAreFailures, JsonNode statuses, JsonNode cpuMillis) {
			return new Phase(name, raw, errorsAreFailures, statuses, cpuMillis);
		}

		/**
		 * CPU microseconds per request, by process: what a request costs, whatever else
		 * the machine is doing.
		 */
		Map<String, Double> cpuMicrosPerRequest() {
			Map<String, Double> perRequest = new LinkedHashMap<>();
			if (requests() > 0) {
				this.cpuMillis.properties()
					.forEach((entry) -> perRequest.put(entry.getKey(),
							round(entry.getValue().asDouble() * 1000 / requests())));
			}
			return perRequest;
		}

		boolean present() {
			return !this.raw.isMissingNode();
		}

		double seconds() {
			return this.raw.path("durationMicros").asDouble(0) / 1e6;
		}

		long requests() {
			return this.raw.path("requests").asLong(0);
		}

		long socketErrors() {
			JsonNode errors = this.raw.path("errors");
			return errors.path("connect").asLong(0) + errors.path("read").asLong(0) + errors.path("write").asLong(0)
					+ errors.path("timeout").asLong(0);
		}

		long statusErrors() {
			return this.raw.path("errors").path("status").asLong(0);
		}

		double perSecond() {
			return (seconds() > 0) ? requests() / seconds() : 0;
		}

		/** Answers per second that were what the phase expects (202s for purchases). */
		double okPerSecond() {
			long ok = requests() - (this.errorsAreFailures ? statusErrors() : 0);
			return (seconds() > 0) ? Math.max(0, ok) / seconds() : 0;
		}

		private String answers() {
			String socket = (socketErrors() > 0) ? String.format(Locale.ROOT, ", %,d socket errors", socketErrors())
					: "";
			if (!this.statuses.isMissingNode() && !this.statuses.isEmpty()) {
				StringBuilder byStatus = new StringBuilder("HTTP");
				this.statuses.properties()
					.forEach((entry) -> byStatus
						.append(String.format(Locale.ROOT, " %s: %,d", entry.getKey(), entry.getValue().asLong())));
				return byStatus + socket;
			}
			return String.format(Locale.ROOT, "%,d answered 4xx/5xx%s", statusErrors(), socket);
		}

		double percentileMillis(double percent) {
			for (JsonNode row : this.raw.path("latencyMicros").path("percentiles")) {
				if (Math.abs(row.get(0).asDouble() - percent) < 1e-9) {
					return row.get(1).asDouble() / 1000;
				}
			}
			return Double.NaN;
		}

		Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("name", this.name);
			json.put("requests", requests());
			json.put("seconds", round(seconds()));
			json.put("requestsPerSecond", round(perSecond()));
			json.put("okPerSecond", round(okPerSecond()));
			json.put("answers", answers());
			if (!this.statuses.isMissingNode()) {
				json.put("statuses", this.statuses);
			}
			if (!this.cpuMillis.isMissingNode()) {
				json.put("cpuMillis", this.cpuMillis);
				json.put("cpuMicrosPerRequest", cpuMicrosPerRequest());
			}
			Map<String, Object> latency = new LinkedHashMap<>();
			latency.put("p50", round(percentileMillis(50)));
			latency.put("p90", round(percentileMillis(90)));
			latency.put("p99", round(percentileMillis(99)));
			latency.put("p999", round(percentileMillis(99.9)));
			latency.put("max", round(this.raw.path("latencyMicros").path("max").asDouble() / 1000));
			json.put("latencyMillis", latency);
			List<double[]> points = new ArrayList<>();
			for (JsonNode row : this.raw.path("latencyMicros").path("percentiles")) {
				points.add(new double[] { row.get(0).asDouble(), row.get(1).asDouble() });
			}
			json.put("percentiles", points);
			return json;
		}

	}

	/**
	 * What {@code redis-benchmark} measured for EVALSHA of the purchase script.
	 *
	 * @param requestsPerSecond calls per second
	 * @param p50Millis median
	 * @param p99Millis 99th percentile
	 * @param maxMillis slowest call
	 */
	record RedisCeiling(double requestsPerSecond, double p50Millis, double p99Millis, double maxMillis) {

		static @Nullable RedisCeiling parse(@Nullable String csv) {
			if (csv == null) {
				return null;
			}
			for (String line : csv.split("\n")) {
				String[] f = line.replace("\"", "").split(",");
				// "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
				if (f.length >= 8 && !f[0].equals("test")) {
					return new RedisCeiling(Double.parseDouble(f[1]), Double.parseDouble(f[4]),
							Double.parseDouble(f[6]), Double.parseDouble(f[7]));
				}
			}
			return null;
		}

	}

	/**
	 * The pipeline's drain, from samples of accepted purchases and orders over time.
	 *
	 * @param samples epoch ms, accepted so far, orders so far
	 * @param purchaseStart when the purchase phase started (epoch ms)
	 * @param purchaseEnd when it ended
	 */
	record Drain(List<long[]> samples, long purchaseStart, long purchaseEnd) {

		static @Nullable Drain of(List<long[]> samples, long purchaseStart, long purchaseEnd) {
			List<long[]> rows = samples.stream().filter((row) -> row.length >= 3).toList();
			return (rows.size() >= 2) ? new Drain(rows, purchaseStart, purchaseEnd) : null;
		}

		long accepted() {
			return last()[1] - first()[1];
		}

		long orders() {
			return last()[2] - first()[2];
		}

		double acceptedPerSecond() {
			long start = (this.purchaseStart > 0) ? this.purchaseStart : first()[0];
			long end = (this.purchaseEnd > start) ? this.purchaseEnd : last()[0];
			return accepted() / Math.max(0.001, (end - start) / 1000.0);
		}

		/**
		 * Orders per second from the first order to the moment the backlog emptied (or
		 * the last sample, if it never did): the workers' pace while they had work.
		 */
		double ordersPerSecond() {
			long[] first = first();
			long[] from = null;
			long[] to = last();
			for (long[] row : this.samples) {
				if (from == null && row[2] > first[2]) {
					from = row;
				}
				if (from != null && row[2] - first[2] >= accepted() && accepted() > 0) {
					to = row;
					break;
				}
			}
			if (from == null || to[0] <= from[0]) {
				return 0;
			}
			// The sample before the first order bounds when the work started.
			int index = this.samples.indexOf(from);
			long[] before = (index > 0) ? this.samples.get(index - 1) : from;
			return (to[2] - before[2]) / ((to[0] - before[0]) / 1000.0);
		}

		long peakBacklog() {
			long peak = 0;
			for (long[] row : this.samples) {
				peak = Math.max(peak, backlog(row));
			}
			return peak;
		}

		private long backlog(long[] row) {
			return (row[1] - first()[1]) - (row[2] - first()[2]);
		}

		private long[] first() {
			return this.samples.get(0);
		}

		private long[] last() {
			return this.samples.get(this.samples.size() - 1);
		}

		Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("accepted", accepted());
			json.put("orders", orders());
			json.put("acceptedPerSecond", round(acceptedPerSecond()));
			json.put("ordersPerSecond", round(ordersPerSecond()));
			json.put("peakBacklog", peakBacklog());
			json.put("finalBacklog", backlog(last()));
			json.put("sampledSeconds", round((last()[0] - first()[0]) / 1000.0));
			List<double[]> curve = new ArrayList<>();
			for (long[] row : this.samples) {
				curve.add(new double[] { round((row[0] - first()[0]) / 1000.0), row[1] - first()[1],
						row[2] - first()[2], backlog(row) });
			}
			json.put("curve", curve);
			json.put("purchaseWindowSeconds",
					new double[] { round(Math.max(0, this.purchaseStart - first()[0]) / 1000.0),
							round(Math.max(0, this.purchaseEnd - first()[0]) / 1000.0) });
			return json;
		}

	}

	/**
	 * The ingress process's memory while the bench ran.
	 *
	 * @param peakRssMb largest resident set seen
	 * @param peakHeapUsedMb largest used heap seen
	 * @param samples how many samples
	 */
	record Memory(long peakRssMb, long peakHeapUsedMb, int samples) {

		static @Nullable Memory of(List<long[]> rows) {
			long rss = 0;
			long heap = 0;
			int n = 0;
			for (long[] row : rows) {
				if (row.length >= 3) {
					rss = Math.max(rss, row[1]);
					heap = Math.max(heap, row[2]);
					n++;
				}
			}
			return (n > 0) ? new Memory(rss / 1024, heap / (1024 * 1024), n) : null;
		}

	}

	static double round(double value) {
		return Double.isFinite(value) ? Math.round(value * 100) / 100.0 : value;
	}

}
