package io.seckill.loadgen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.seckill.loadgen.PurchaseBurst.Accepted;
import io.seckill.loadgen.PurchaseDrain.Decision;
import org.jspecify.annotations.Nullable;

/**
 * What a demo sale showed: the load, what the pipeline decided, and the invariants of
 * DESIGN.md ("Data contract") as the shoppers saw them. Serializes to the JSON report.
 *
 * @param sale the sale and what ingress says is left of it
 * @param load the burst and how ingress answered it
 * @param outcomes how the accepted purchases were decided
 * @param invariants the figures that must be zero, and whether they are
 */
record DemoReport(Sale sale, Load load, Outcomes outcomes, Invariants invariants, @Nullable Resilience resilience) {

	/** Shown for a network failure instead of an HTTP status. */
	static final String NO_ANSWER = "no answer";

	private static final int PENDING_SAMPLE = 10;

	/** Pending purchase ids shown in the text report; the JSON has all of the sample. */
	private static final int SHOWN = 3;

	private static final String DRAIN_FORMAT = "%.2f s from the first 202 to the last confirmation seen, "
			+ "%.2f s after the burst ended";

	static DemoReport of(DemoSettings settings, PurchaseBurst.Result burst, PurchaseDrain.Result drain,
			ApiAnswer saleAnswer, IngressMetrics.@Nullable Snapshot duringBurst) {
		Sale sale = new Sale(settings.saleId(), settings.stock(), settings.perUserLimit(),
				(saleAnswer.status() == 200 && saleAnswer.body().path("remaining").isNumber())
						? saleAnswer.body().path("remaining").asLong() : null,
				(saleAnswer.status() == 200) ? saleAnswer.text("status") : null);
		double seconds = burst.elapsed().toNanos() / 1e9;
		List<long[]> phases = burst.byPhase();
		Load load = new Load(settings.attempts(), settings.users(), settings.concurrency(), answers(burst.answers()),
				round(seconds, 3), round(settings.attempts() / Math.max(seconds, 1e-9), 1),
				Latencies.of(burst.latencies()).summaryMillis(), phase(phases.get(0)), phase(phases.get(1)),
				phase(burst.connectTimes()), burst.firstFailure());
		Outcomes outcomes = outcomes(burst, drain);
		long oversell = Math.max(0, outcomes.confirmed() - settings.stock());
		long usersAboveLimit = usersAboveLimit(drain.decided(), settings.perUserLimit());
		boolean holds = oversell == 0 && usersAboveLimit == 0 && outcomes.stillPending() == 0;
		Resilience resilience = (duringBurst != null)
				? new Resilience(duringBurst.breakerTransitions(), duringBurst.shed()) : null;
		return new DemoReport(sale, load, outcomes, new Invariants(oversell, usersAboveLimit, holds), resilience);
	}

	private static Phase phase(long[] latencies) {
		return new Phase(latencies.length, Latencies.of(latencies).summaryMillis());
	}

	private static Map<String, Long> answers(SortedMap<Integer, Long> byStatus) {
		Map<String, Long> answers = new LinkedHashMap<>();
		byStatus.forEach((status, count) -> answers
			.put((status == ApiAnswer.NO_ANSWER) ? NO_ANSWER : String.valueOf(status), count));
		return answers;
	}

	private static Outcomes outcomes(PurchaseBurst.Result burst, PurchaseDrain.Result drain) {
		List<Decision> decided = drain.decided();
		long confirmed = decided.stream().filter(Decision::holdsStock).count();
		SortedMap<String, Long> rejected = decided.stream()
			.filter((decision) -> decision.status().equals("REJECTED"))
			.collect(Collectors.groupingBy((decision) -> (decision.reason() != null) ? decision.reason() : "unstated",
					TreeMap::new, Collectors.counting()));
		long expired = decided.stream().filter((decision) -> decision.status().equals("EXPIRED")).count();
		long accepted = burst.accepted().size() + burst.acceptedWithoutId();
		long pending = drain.pending().size() + burst.acceptedWithoutId();
		List<String> sample = drain.pending().stream().limit(PENDING_SAMPLE).map(Accepted::purchaseId).toList();
		return new Outcomes(accepted, confirmed, rejected.values().stream().mapToLong(Long::longValue).sum(), rejected,
				expired, pending, sample, drainSeconds(burst.accepted(), decided),
				afterBurstSeconds(burst.endedAt(), decided));
	}

	/**
	 * Shoppers holding more confirmed purchases than the limit; the demo buys one item
	 * per purchase.
	 * @param decided the decided purchases
	 * @param perUserLimit the sale's limit
	 * @return how many shoppers are above it
	 */
	static long usersAboveLimit(List<Decision> decided, int perUserLimit) {
		return decided.stream()
			.filter(Decision::holdsStock)
			.collect(Collectors.groupingBy(Decision::shopper, Collectors.counting()))
			.values()
			.stream()
			.filter((held) -> held > perUserLimit)
			.count();
	}

	/**
	 * From the first {@code 202} to the last confirmation seen.
	 * @param accepted the accepted purchases
	 * @param decided the decided ones
	 * @return seconds, or {@code null} when nothing was confirmed
	 */
	static @Nullable Double drainSeconds(List<Accepted> accepted, List<Decision> decided) {
		OptionalLong lastConfirmed = lastConfirmed(decided);
		if (lastConfirmed.isEmpty() || accepted.isEmpty()) {
			return null;
		}
		long firstAccepted = accepted.stream().mapToLong(Accepted::acceptedAt).min().orElseThrow();
		return round((lastConfirmed.getAsLong() - firstAccepted) / 1e9, 3);
	}

	/**
	 * From the end of the burst to the last confirmation seen: the drain time net of the
	 * burst, since polling starts only once the burst is over.
	 * @param burstEndedAt {@link System#nanoTime()} at the end of the burst
	 * @param decided the decided purchases
	 * @return seconds, or {@code null} when nothing was confirmed
	 */
	static @Nullable Double afterBurstSeconds(long burstEndedAt, List<Decision> decided) {
		OptionalLong lastConfirmed = lastConfirmed(decided);
		if (lastConfirmed.isEmpty()) {
			return null;
		}
		return round(Math.max(0, lastConfirmed.getAsLong() - burstEndedAt) / 1e9, 3);
	}

	private static OptionalLong lastConfirmed(List<Decision> decided) {
		return decided.stream().filter(Decision::holdsStock).mapToLong(Decision::decidedAt).max();
	}

	private static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

	/**
	 * The report for people.
	 * @return lines ready to print
	 */
	String render() {
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT, "%nSeckill demo: sale %s, %,d items, limit %d per shopper%n",
				this.sale.saleId(), this.sale.stock(), this.sale.perUserLimit()));
		line(text, "attempts", "%,d from %,d shoppers, %d in flight", this.load.attempts(), this.load.users(),
				this.load.concurrency());
		line(text, "answers", joined(this.load.answers()));
		line(text, "accepted (202)", "%,d", this.outcomes.accepted());
		line(text, "confirmed", "%,d", this.outcomes.confirmed());
		Map<String, Long> reasons = this.outcomes.rejectedByReason();
		line(text, "rejected", "%,d%s", this.outcomes.rejected(),
				reasons.isEmpty() ? "" : " (" + joined(reasons) + ")");
		line(text, "expired", "%,d", this.outcomes.expired());
		List<String> sample = this.outcomes.pendingSample();
		sample = sample.subList(0, Math.min(SHOWN, sample.size()));
		line(text, "still pending", "%,d%s", this.outcomes.stillPending(),
				sample.isEmpty() ? "" : " e.g. " + String.join(", ", sample));
		line(text, "oversell", "%,d", this.invariants.oversell());
		line(text, "users above limit", "%,d", this.invariants.usersAboveLimit());
		line(text, "sale remaining", "%s%s", (this.sale.remaining() != null) ? this.sale.remaining() : "unknown",
				(this.sale.status() != null) ? " (" + this.sale.status() + ")" : "");
		line(text, "throughput", "%,.0f attempts/s over %.2f s", this.load.throughputPerSecond(),
				this.load.burstSeconds());
		Latencies.Summary latency = this.load.latencyMillis();
		line(text, "latency (ms)", "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f", latency.p50(), latency.p90(),
				latency.p99(), latency.p999(), latency.max());
		phaseLine(text, "  while stock lasted", this.load.whileStockLasted());
		phaseLine(text, "  after the last 202", this.load.afterLastAccepted());
		Phase connecting = this.load.connecting();
		if (connecting.attempts() > 0) {
			Latencies.Summary connect = connecting.latencyMillis();
			line(text, "  connecting", "%,d attempts opened a connection: p50 %.2f  p99 %.2f  max %.2f",
					connecting.attempts(), connect.p50(), connect.p99(), connect.max());
		}
		Double drain = this.outcomes.drainSeconds();
		Double afterBurst = this.outcomes.afterBurstSeconds();
		line(text, "drain time", (drain != null && afterBurst != null)
				? String.format(Locale.ROOT, DRAIN_FORMAT, drain, afterBurst) : "n/a (nothing confirmed)");
		if (this.resilience != null) {
			line(text, "circuit breaker",
					this.resilience.breakerTransitions().isEmpty()
							? "no transition during the burst (CLOSED throughout)"
							: joined(this.resilience.breakerTransitions()));
			line(text, "admission shed", "%,d (answered 503 at once for want of a place in flight)",
					this.resilience.shed());
		}
		else {
			line(text, "circuit breaker", "not measured (no --management-url)");
		}
		if (this.load.firstFailure() != null) {
			line(text, "first network failure", this.load.firstFailure());
		}
		line(text, "verdict", this.invariants.hold() ? "OK: no oversell, nobody above the limit, nothing left pending"
				: "FAILED: an invariant does not hold");
		return text.toString();
	}

	private static void phaseLine(StringBuilder text, String label, Phase phase) {
		Latencies.Summary latency = phase.latencyMillis();
		line(text, label, "%,d attempts: p50 %.2f  p99 %.2f  max %.2f", phase.attempts(), latency.p50(), latency.p99(),
				latency.max());
	}

	private static void line(StringBuilder text, String label, String format, Object... args) {
		text.append(String.format(Locale.ROOT, "  %-22s ", label))
			.append((args.length != 0) ? String.format(Locale.ROOT, format, args) : format)
			.append(System.lineSeparator());
	}

	private static String joined(Map<String, Long> counts) {
		return counts.entrySet()
			.stream()
			.map((entry) -> String.format(Locale.ROOT, "%s: %,d", entry.getKey(), entry.getValue()))
			.collect(Collectors.joining("  "));
	}

	/**
	 * The sale.
	 *
	 * @param saleId its id
	 * @param stock items it was created with
	 * @param perUserLimit most items per shopper
	 * @param remaining what ingress says is left, {@code null} if it did not say
	 * @param status its status as ingress reports it
	 */
	record Sale(String saleId, int stock, int perUserLimit, @Nullable Long remaining, @Nullable String status) {
	}

	/**
	 * The burst.
	 *
	 * @param attempts purchase attempts made
	 * @param users distinct shoppers
	 * @param concurrency requests in flight
	 * @param answers count per HTTP status
	 * @param burstSeconds from the first request to the last answer
	 * @param throughputPerSecond attempts per second over the burst
	 * @param latencyMillis latency percentiles of all attempts
	 * @param whileStockLasted the attempts sent up to the arrival of the last {@code 202}
	 * @param afterLastAccepted the attempts sent after it
	 * @param connecting the attempts that opened a connection, and how long that took
	 * (part of their latency, spent before the server saw the request)
	 * @param firstFailure the first network failure, if any
	 */
	record Load(int attempts, int users, int concurrency, Map<String, Long> answers, double burstSeconds,
			double throughputPerSecond, Latencies.Summary latencyMillis, Phase whileStockLasted,
			Phase afterLastAccepted, Phase connecting, @Nullable String firstFailure) {
	}

	/**
	 * The attempts of one phase of the burst.
	 *
	 * @param attempts how many
	 * @param latencyMillis their latency percentiles
	 */
	record Phase(int attempts, Latencies.Summary latencyMillis) {
	}

	/**
	 * How the accepted purchases ended.
	 *
	 * @param accepted purchases answered {@code 202}
	 * @param confirmed decided {@code CONFIRMED} or {@code PAID}
	 * @param rejected decided {@code REJECTED}
	 * @param rejectedByReason the rejections per reason
	 * @param expired decided {@code EXPIRED}
	 * @param stillPending not decided when the drain timed out
	 * @param pendingSample a few of those, to look up
	 * @param drainSeconds first {@code 202} to last confirmation
	 * @param afterBurstSeconds end of the burst to last confirmation
	 */
	record Outcomes(long accepted, long confirmed, long rejected, SortedMap<String, Long> rejectedByReason,
			long expired, long stillPending, List<String> pendingSample, @Nullable Double drainSeconds,
			@Nullable Double afterBurstSeconds) {
	}

	/**
	 * What the ingress's circuit breaker and admission control did during the burst.
	 *
	 * @param breakerTransitions state changes of the Redis breaker, per transition
	 * @param shed purchase calls answered {@code 503} by admission control
	 */
	record Resilience(Map<String, Long> breakerTransitions, long shed) {
	}

	/**
	 * The invariants the shoppers can check.
	 *
	 * @param oversell confirmed purchases beyond the stock
	 * @param usersAboveLimit shoppers holding more than the limit
	 * @param hold whether both are zero and no accepted purchase stayed pending
	 */
	record Invariants(long oversell, long usersAboveLimit, boolean hold) {
	}

}
