package io.seckill.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.seckill.loadgen.PurchaseBurst.Accepted;
import io.seckill.loadgen.PurchaseDrain.Decision;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class DemoReportUnitTests {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void countsDecisionsAndHoldsWhenNothingIsOversoldOrPending() {
		List<Accepted> accepted = List.of(accepted("p1", 1, 0), accepted("p2", 2, SECOND), accepted("p3", 3, SECOND));
		List<Decision> decided = List.of(decision("p1", 1, "CONFIRMED", 2 * SECOND),
				decision("p2", 2, "PAID", 3 * SECOND), rejected("p3", 3, "SOLD_OUT"));

		DemoReport report = DemoReport.of(settings(2, 1), burst(accepted), drain(decided, List.of()), sale(0), null);

		assertThat(report.outcomes().accepted()).isEqualTo(3);
		assertThat(report.outcomes().confirmed()).isEqualTo(2);
		assertThat(report.outcomes().rejected()).isEqualTo(1);
		assertThat(report.outcomes().rejectedByReason()).containsExactly(Map.entry("SOLD_OUT", 1L));
		assertThat(report.outcomes().drainSeconds()).isEqualTo(3.0);
		assertThat(report.outcomes().afterBurstSeconds()).isEqualTo(1.0);
		assertThat(report.invariants().oversell()).isZero();
		assertThat(report.invariants().hold()).isTrue();
		assertThat(report.sale().remaining()).isZero();
		assertThat(report.load().answers()).containsEntry("202", 3L).containsEntry("no answer", 1L);
	}

	@Test
	void latencyIsSplitAtTheArrivalOfTheLast202() {
		// Sent at 0, 0.5 s and 1 s; the last 202 arrived at 0.5 s.
		List<Accepted> accepted = List.of(accepted("p1", 1, SECOND / 4), accepted("p2", 2, SECOND / 2));

		DemoReport report = DemoReport.of(settings(2, 1), burst(accepted), drain(List.of(), List.of()), sale(0), null);

		assertThat(report.load().whileStockLasted().attempts()).isEqualTo(2);
		assertThat(report.load().whileStockLasted().latencyMillis().max()).isEqualTo(2.0);
		assertThat(report.load().afterLastAccepted().attempts()).isEqualTo(1);
		assertThat(report.load().afterLastAccepted().latencyMillis().p50()).isEqualTo(3.0);
		assertThat(report.render()).contains("while stock lasted   2 attempts: p50 1.00  p99 2.00  max 2.00")
			.contains("after the last 202   1 attempts: p50 3.00  p99 3.00  max 3.00");
	}

	@Test
	void saysHowLongTheAttemptsThatOpenedAConnectionSpentConnecting() {
		// The first attempt opened a connection (0.5 ms of its 1 ms), the others reused
		// it.
		DemoReport report = DemoReport.of(settings(2, 1), burst(List.of()), drain(List.of(), List.of()), sale(0), null);

		assertThat(report.load().connecting().attempts()).isEqualTo(1);
		assertThat(report.load().connecting().latencyMillis().max()).isEqualTo(0.5);
		assertThat(report.render())
			.contains("  connecting           1 attempts opened a connection: p50 0.50  p99 0.50  max 0.50");
	}

	@Test
	void oversellIsConfirmedBeyondTheStock() {
		List<Accepted> accepted = List.of(accepted("p1", 1, 0), accepted("p2", 2, 0), accepted("p3", 3, 0));
		List<Decision> decided = List.of(decision("p1", 1, "CONFIRMED", SECOND), decision("p2", 2, "CONFIRMED", SECOND),
				decision("p3", 3, "CONFIRMED", SECOND));

		DemoReport report = DemoReport.of(settings(2, 1), burst(accepted), drain(decided, List.of()), sale(0), null);

		assertThat(report.invariants().oversell()).isEqualTo(1);
		assertThat(report.invariants().hold()).isFalse();
	}

	@Test
	void shopperHoldingMoreThanTheLimitIsAboveIt() {
		List<Decision> decided = List.of(decision("p1", 7, "CONFIRMED", 0), decision("p2", 7, "PAID", 0),
				decision("p3", 8, "CONFIRMED", 0), decision("p4", 8, "EXPIRED", 0), rejected("p5", 9, "LIMIT_REACHED"),
				decision("p6", 9, "CONFIRMED", 0));

		assertThat(DemoReport.usersAboveLimit(decided, 1)).isEqualTo(1);
		assertThat(DemoReport.usersAboveLimit(decided, 2)).isZero();
	}

	@Test
	void pendingPurchasesBreakTheInvariantsAndAreSampled() {
		List<Accepted> accepted = List.of(accepted("p1", 1, 0), accepted("p2", 2, 0));

		DemoReport report = DemoReport.of(settings(5, 1), burst(accepted), drain(List.of(), accepted), sale(3), null);

		assertThat(report.outcomes().stillPending()).isEqualTo(2);
		assertThat(report.outcomes().pendingSample()).containsExactly("p1", "p2");
		assertThat(report.outcomes().drainSeconds()).isNull();
		assertThat(report.outcomes().afterBurstSeconds()).isNull();
		assertThat(report.invariants().hold()).isFalse();
		assertThat(report.render()).contains("still pending          2 e.g. p1, p2", "n/a (nothing confirmed)");
	}

	@Test
	void serializesAsNestedJson() {
		DemoReport report = DemoReport.of(settings(1, 1), burst(List.of()), drain(List.of(), List.of()), sale(1), null);

		String json = JsonMapper.builder().build().writeValueAsString(report);

		assertThat(json).contains("\"sale\":{\"saleId\":\"demo-1\"", "\"latencyMillis\":{\"p50\":",
				"\"invariants\":{\"oversell\":0,\"usersAboveLimit\":0,\"hold\":true}");
	}

	@Test
	void reportsWhatTheCircuitBreakerAndAdmissionControlDidDuringTheBurst() {
		IngressMetrics.Snapshot before = IngressMetrics.parse("""
				seckill_redis_breaker_transitions_total{application="ingress",from="CLOSED",to="OPEN"} 1.0
				seckill_admission_shed_total{application="ingress"} 3.0
				""");
		IngressMetrics.Snapshot after = IngressMetrics.parse("""
				seckill_redis_breaker_transitions_total{application="ingress",from="CLOSED",to="OPEN"} 3.0
				seckill_redis_breaker_transitions_total{application="ingress",from="OPEN",to="HALF_OPEN"} 2.0
				seckill_admission_shed_total{application="ingress"} 3.0
				""");

		String quiet = DemoReport
			.of(settings(1, 1), burst(List.of()), drain(List.of(), List.of()), sale(1), after.since(after))
			.render();
		String moved = DemoReport
			.of(settings(1, 1), burst(List.of()), drain(List.of(), List.of()), sale(1), after.since(before))
			.render();

		assertThat(quiet).contains("no transition during the burst (CLOSED throughout)").contains("admission shed");
		assertThat(moved).contains("CLOSED->OPEN: 2").contains("OPEN->HALF_OPEN: 2");
		assertThat(DemoReport.of(settings(1, 1), burst(List.of()), drain(List.of(), List.of()), sale(1), null).render())
			.contains("not measured");
	}

	private static DemoSettings settings(int stock, int limit) {
		return new DemoSettings(java.net.URI.create("http://127.0.0.1:8080"), "secret", "demo-1", "item", stock, limit,
				4, 10, 2, Duration.ofSeconds(5), Duration.ofSeconds(1), null, Progress.Mode.NONE, 0, null);
	}

	private static PurchaseBurst.Result burst(List<Accepted> accepted) {
		TreeMap<Integer, Long> answers = new TreeMap<>(Map.of(202, (long) accepted.size(), ApiAnswer.NO_ANSWER, 1L));
		return new PurchaseBurst.Result(answers, accepted, 0, new long[] { 1_000_000, 2_000_000, 3_000_000 },
				new long[] { 0, SECOND / 2, SECOND }, new long[] { 500_000, 0, 0 }, Duration.ofSeconds(2), 2 * SECOND,
				null);
	}

	private static PurchaseDrain.Result drain(List<Decision> decided, List<Accepted> pending) {
		return new PurchaseDrain.Result(decided, pending, Duration.ofSeconds(1));
	}

	private static ApiAnswer sale(int remaining) {
		return ApiAnswer.of(200,
				JsonMapper.builder()
					.build()
					.readTree("{\"saleId\":\"demo-1\",\"remaining\":" + remaining + ",\"status\":\"OPEN\"}"));
	}

	private static Accepted accepted(String purchaseId, int shopper, long at) {
		return new Accepted(purchaseId, shopper, at);
	}

	private static Decision decision(String purchaseId, int shopper, String status, long at) {
		return new Decision(purchaseId, shopper, status, null, at);
	}

	private static Decision rejected(String purchaseId, int shopper, String reason) {
		return new Decision(purchaseId, shopper, "REJECTED", reason, 0);
	}

}
