package io.seckill.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void computesRatiosAndTargetsFromTheRawFiles() throws IOException {
		writeRun();

		JsonNode report = JSON.valueToTree(new BenchReport(this.dir, JSON).build());

		assertThat(report.path("closedLoop").path("baseline").path("okPerSecond").asDouble()).isEqualTo(10_000);
		assertThat(report.path("closedLoop").path("purchase").path("okPerSecond").asDouble())
			.as("refused purchases are not counted as purchases")
			.isEqualTo(4_000);
		assertThat(report.path("ratios").path("purchaseToBaseline").asDouble()).isEqualTo(0.4);
		assertThat(report.path("closedLoop").path("purchase").path("cpuMicrosPerRequest").path("ingress").asDouble())
			.isEqualTo(100);
		assertThat(
				report.path("closedLoop").path("purchase").path("cpuMicrosPerRequest").path("redis-master").asDouble())
			.isEqualTo(10);
		assertThat(report.path("ratios").path("soldOutToBaseline").asDouble()).isEqualTo(0.95);
		assertThat(report.path("ratios").path("purchaseToRedisCeiling").asDouble()).isEqualTo(0.2);
		assertThat(report.path("redisCeiling").path("p99Millis").asDouble()).isEqualTo(3.1);
		assertThat(report.path("redisCeiling").path("masterCpuMicrosPerCall").asDouble()).isEqualTo(20);
		assertThat(report.path("redisCeiling").path("singleThreadBoundPerSecond").asLong()).isEqualTo(50_000);
		assertThat(report.path("drain").path("accepted").asLong()).isEqualTo(4000);
		assertThat(report.path("drain").path("peakBacklog").asLong()).isEqualTo(4000);
		assertThat(report.path("drain").path("finalBacklog").asLong()).isZero();
		assertThat(report.path("drain").path("ordersPerSecond").asDouble()).isEqualTo(1000);
		assertThat(report.path("ratios").path("drainToAccepted").asDouble()).isEqualTo(2.5);
		assertThat(report.path("ingressMemory").path("peakRssMb").asLong()).isEqualTo(300);
		assertThat(report.path("ingressMemory").path("peakHeapUsedMb").asLong()).isEqualTo(120);
		assertThat(report.path("openLoop").get(0).path("rate").asInt()).isEqualTo(3200);
		assertThat(targets(report)).containsEntry("purchase / baseline >= 0.5", false)
			.containsEntry("sold-out / baseline >= 0.9", true)
			.containsEntry("ingress heap used <= 256 MB", true)
			.containsEntry("purchase p99 <= 25 ms at 80% of max (3,200/s)", true)
			.containsEntry("purchase p99 <= 50 ms at 80% of max (3,200/s)", true)
			.containsEntry("ingress CPU per purchase <= 300 us", true)
			.containsEntry("ingress CPU per sold-out answer <= 100 us", false)
			.containsEntry("ingress CPU per liveness request <= 100 us", true)
			.containsEntry("purchase / Redis ceiling >= 0.3", false);
	}

	@Test
	void sumsThePipelinesCpuPerPurchaseOverThePurchasePhaseAndTheDrain() throws IOException {
		writeRun();
		write("meta.json", "{\"concurrency\":64,\"seconds\":10,\"cores\":2}");
		write("purchase-statuses.json", "{\"202\":40000,\"429\":1000}");
		write("purchase-cpu.json", "{\"ingress\":4000,\"reservation-worker\":4000,\"order-worker\":2000,"
				+ "\"redis-master\":400,\"rabbitmq\":3000,\"mariadb\":2000}");
		write("drain-cpu.json", "{\"reservation-worker\":4000,\"order-worker\":2000,\"rabbitmq\":1000}");

		Map<String, Object> built = new BenchReport(this.dir, JSON).build();
		JsonNode report = JSON.valueToTree(built);

		JsonNode pipeline = report.path("pipeline");
		assertThat(pipeline.path("acceptedPurchases").asLong()).isEqualTo(40_000);
		assertThat(pipeline.path("cpuMicrosPerPurchase").path("reservation-worker").asDouble()).isEqualTo(200);
		assertThat(pipeline.path("cpuMicrosPerPurchase").path("rabbitmq").asDouble()).isEqualTo(100);
		assertThat(pipeline.path("cpuMicrosPerPurchase").path("mariadb").asDouble()).isEqualTo(50);
		assertThat(pipeline.path("workersMicrosPerPurchase").asDouble()).isEqualTo(300);
		assertThat(pipeline.path("wholePipelineMicrosPerPurchase").asDouble()).isEqualTo(560);
		assertThat(targets(report)).containsEntry("workers' CPU per order <= 500 us", true);
		assertThat(BenchReport.text(built)).contains("whole pipeline 560 us per purchase");
	}

	@Test
	void warnsAboutPhasesThatStartedOnABusyMachine() throws IOException {
		writeRun();
		write("meta.json", "{\"concurrency\":64,\"seconds\":10,\"cores\":2}");
		// The sold-out phase follows one that raised the load average, but the CPU was
		// idle
		// when it started: quiet. The purchase phase started with the CPU busy: not.
		write("load.tsv",
				"baseline (liveness)\t0.50 0.40 0.30\t1.90 0.80 0.40\ttrue\t3\n"
						+ "sold-out path\t2.90 1.10 0.50\t3.00 1.20 0.50\ttrue\t12\n"
						+ "purchase path\t3.10 1.20 0.50\t2.00 1.30 0.60\tfalse\t87\n");

		Map<String, Object> built = new BenchReport(this.dir, JSON).build();
		JsonNode report = JSON.valueToTree(built);
		String text = BenchReport.text(built);

		assertThat(report.path("loadAverage")).hasSize(3);
		assertThat(report.path("loadAverage").get(2).path("before").get(0).asDouble()).isEqualTo(3.1);
		assertThat(report.path("loadAverage").get(2).path("busyPercentBefore").asInt()).isEqualTo(87);
		assertThat(report.path("notQuiet")).extracting(JsonNode::asString).containsExactly("purchase path");
		assertThat(text).contains("WARNING: the machine was not quiet", "purchase path", "baseline (liveness)",
				"0.50 0.40 0.30 -> 1.90 0.80 0.40; 3 % busy", "2.90 1.10 0.50 -> 3.00 1.20 0.50; 12 % busy\n",
				"3.10 1.20 0.50 -> 2.00 1.30 0.60; 87 % busy  NOT QUIET");
	}

	/**
	 * Every bench leaves its orders unpaid; 15 minutes later the order-worker expires
	 * them, and a run beside that wave measured twice the workers' and MariaDB's CPU per
	 * purchase. Such a phase is flagged with the orders that expired during it.
	 */
	@Test
	void flagsPhasesThatRanBesideAnEarlierRunsExpiries() throws IOException {
		writeRun();
		write("meta.json", "{\"concurrency\":64,\"seconds\":10,\"cores\":2}");
		write("load.tsv", "baseline (liveness)\t0.50 0.40 0.30\t1.90 0.80 0.40\ttrue\t3\t0\n"
				+ "purchase path\t1.10 1.20 0.50\t2.00 1.30 0.60\tfalse\t12\t21450\n");

		Map<String, Object> built = new BenchReport(this.dir, JSON).build();
		JsonNode report = JSON.valueToTree(built);
		String text = BenchReport.text(built);

		assertThat(report.path("loadAverage").get(1).path("ordersExpired").asInt()).isEqualTo(21_450);
		assertThat(report.path("notQuiet")).extracting(JsonNode::asString).containsExactly("purchase path");
		assertThat(text).contains("orders expiring beside it) in: purchase path",
				"0.50 0.40 0.30 -> 1.90 0.80 0.40; 3 % busy\n",
				"1.10 1.20 0.50 -> 2.00 1.30 0.60; 12 % busy; 21,450 orders expired  NOT QUIET");
	}

	@Test
	void reportsWithoutTheCpuJudgementFallBackToTheLoadAverage() throws IOException {
		writeRun();
		write("meta.json", "{\"concurrency\":64,\"seconds\":10,\"cores\":2}");
		write("load.tsv", "baseline (liveness)\t0.50 0.40 0.30\t1.90 0.80 0.40\n"
				+ "purchase path\t3.10 1.20 0.50\t2.00 1.30 0.60\n");

		JsonNode report = JSON.valueToTree(new BenchReport(this.dir, JSON).build());

		assertThat(report.path("notQuiet")).extracting(JsonNode::asString).containsExactly("purchase path");
	}

	@Test
	void missingPhasesAreReportedAsNotMeasured() throws IOException {
		Files.writeString(this.dir.resolve("meta.json"), "{\"concurrency\":64}");

		Map<String, Object> report = new BenchReport(this.dir, JSON).build();
		String text = BenchReport.text(report);

		assertThat(JSON.valueToTree(report).path("ratios").path("purchaseToBaseline").isNull()).isTrue();
		assertThat(text).contains("purchaseToBaseline       not measured");
	}

	@Test
	void writesTheTextJsonAndASelfContainedPage() throws IOException {
		writeRun();
		BenchReport report = new BenchReport(this.dir, JSON);

		String text = report.write(report.build());

		assertThat(text).contains("purchase", "CPU us/request:  ingress 100  redis-master 10", "redis ceiling",
				"drain:", "open loop", "MISS", "MET");
		String html = Files.readString(this.dir.resolve("index.html"));
		assertThat(html).contains("<svg", "accepted", "backlog", "open 3,200/s")
			.doesNotContain("<script", "http://cdn");
		assertThat(JSON.readTree(Files.readString(this.dir.resolve("report.json"))).path("ratios").size()).isEqualTo(4);
	}

	@Test
	void ninesScaleSpreadsTheTail() {
		assertThat(BenchHtml.nines(90)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(BenchHtml.nines(99.9)).isCloseTo(3, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(BenchHtml.nines(100)).isCloseTo(4, org.assertj.core.data.Offset.offset(1e-9));
	}

	private static Map<String, Boolean> targets(JsonNode report) {
		Map<String, Boolean> targets = new java.util.LinkedHashMap<>();
		for (JsonNode target : report.path("targets")) {
			targets.put(target.path("target").asString(), target.path("met").asBoolean());
		}
		return targets;
	}

	private void writeRun() throws IOException {
		write("meta.json", "{\"concurrency\":64,\"seconds\":10,\"purchaseStartMs\":1000,\"purchaseEndMs\":11000,"
				+ "\"redisRequests\":100000}");
		write("redis-cpu.json", "{\"redis-master\":2000}");
		write("baseline.json", wrk(100_000, 0, 1000));
		write("soldout.json", wrk(95_000, 95_000, 1200));
		write("soldout-statuses.json", "{\"410\":95000}");
		write("soldout-cpu.json", "{\"ingress\":12000}");
		write("baseline-cpu.json", "{\"ingress\":5000}");
		write("purchase.json", wrk(41_000, 1_000, 9000));
		write("purchase-cpu.json", "{\"ingress\":4100,\"redis-master\":410}");
		write("redis.csv",
				"""
						"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
						"EVALSHA abc 7 k1","20000.00","1.2","0.1","1.1","2.5","3.1","9.0"
						""");
		// accepted climbs 4000 in 10 s; orders start at 11 s and catch up 1000/s
		StringBuilder drain = new StringBuilder();
		for (int t = 0; t <= 15; t++) {
			long accepted = Math.min(t, 10) * 400L;
			long orders = (t <= 11) ? 0 : Math.min(4000, (t - 11) * 1000L);
			drain.append(1000 + t * 1000L).append(' ').append(accepted).append(' ').append(orders).append('\n');
		}
		write("drain.tsv", drain.toString());
		write("ingress.tsv", "1000 204800 104857600\n2000 307200 125829120\n");
		write("openloop-3200.json", JSON.writeValueAsString(Map.of("rate", 3200, "latencyMillis",
				Map.of("p50", 2.0, "p99", 12.5, "p999", 20.0, "max", 30.0), "percentiles", List.of(List.of(50, 2000)),
				"timeline", List.of(Map.of("second", 0, "count", 3200, "p50", 2.0, "p99", 12.5)), "statuses",
				Map.of("202", 32000), "achievedPerSecond", 3200, "unanswered", 0)));
	}

	private static String wrk(long requests, long statusErrors, long p99Micros) {
		return "{\"requests\":" + requests + ",\"durationMicros\":10000000,\"bytes\":1,\"errors\":{\"connect\":0,"
				+ "\"read\":0,\"write\":0,\"status\":" + statusErrors
				+ ",\"timeout\":0},\"latencyMicros\":{\"min\":100,"
				+ "\"mean\":500.0,\"max\":5000,\"stdev\":10.0,\"percentiles\":[[50,400],[90,700],[99," + p99Micros
				+ "],[99.9,3000],[100,5000]]}}";
	}

	private void write(String name, String text) throws IOException {
		Files.writeString(this.dir.resolve(name), text);
	}

}
