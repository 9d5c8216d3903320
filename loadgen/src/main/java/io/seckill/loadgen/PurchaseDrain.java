package io.seckill.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import io.seckill.loadgen.PurchaseBurst.Accepted;
import org.jspecify.annotations.Nullable;

/**
 * Follows every accepted purchase, as its owner, until the pipeline decided it or time
 * runs out. Polls in rounds: all still-pending purchases, at most {@code concurrency} at
 * a time, then a short pause.
 */
final class PurchaseDrain {

	/** The statuses after which the demo stops polling a purchase. */
	static final Set<String> DECIDED = Set.of("CONFIRMED", "PAID", "REJECTED", "EXPIRED");

	private static final Duration PAUSE = Duration.ofMillis(250);

	private static final int BAR_WIDTH = 24;

	private final SeckillApi api;

	private final Shoppers shoppers;

	private final Map<String, Decision> decided = new ConcurrentHashMap<>();

	PurchaseDrain(SeckillApi api, Shoppers shoppers) {
		this.api = api;
		this.shoppers = shoppers;
	}

	Result run(List<Accepted> accepted, Duration timeout, int concurrency, Progress.Mode progressMode,
			PrintStream progressOut) throws InterruptedException {
		long start = System.nanoTime();
		long deadline = start + timeout.toNanos();
		List<Accepted> pending = accepted;
		try (Progress progress = Progress.start(progressMode, progressOut, () -> status(accepted.size(), start))) {
			while (!pending.isEmpty()) {
				pollOnce(pending, concurrency);
				pending = undecided(pending);
				if (pending.isEmpty() || System.nanoTime() >= deadline) {
					break;
				}
				Thread.sleep(PAUSE);
			}
		}
		return new Result(List.copyOf(this.decided.values()), pending, Duration.ofNanos(System.nanoTime() - start));
	}

	private List<Accepted> undecided(List<Accepted> purchases) {
		return purchases.stream().filter((purchase) -> !this.decided.containsKey(purchase.purchaseId())).toList();
	}

	private void pollOnce(List<Accepted> pending, int concurrency) throws InterruptedException {
		Semaphore permits = new Semaphore(concurrency);
		try (ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Accepted purchase : pending) {
				permits.acquire();
				pollers.submit(() -> {
					try {
						check(purchase);
					}
					finally {
						permits.release();
					}
				});
			}
		}
	}

	private void check(Accepted purchase) {
		ApiAnswer answer = this.api.purchaseStatus(this.shoppers.token(purchase.shopper()), purchase.purchaseId());
		String status = answer.text("status");
		if (answer.status() == 200 && status != null && DECIDED.contains(status)) {
			this.decided.putIfAbsent(purchase.purchaseId(), new Decision(purchase.purchaseId(), purchase.shopper(),
					status, answer.text("reason"), System.nanoTime()));
		}
	}

	private String status(int total, long start) {
		int finished = this.decided.size();
		return String.format(Locale.ROOT, "drain %s %s %,d/%,d decided  %,d pending  %.1f s",
				Progress.bar((double) finished / Math.max(total, 1), BAR_WIDTH), Progress.percent(finished, total),
				finished, total, total - finished, (System.nanoTime() - start) / 1e9);
	}

	/**
	 * How the pipeline decided one purchase.
	 *
	 * @param purchaseId the purchase
	 * @param shopper its owner
	 * @param status {@code CONFIRMED}, {@code PAID}, {@code REJECTED} or {@code EXPIRED}
	 * @param reason why it was rejected, when it was
	 * @param decidedAt {@link System#nanoTime()} when the decision was first seen
	 */
	record Decision(String purchaseId, int shopper, String status, @Nullable String reason, long decidedAt) {

		boolean holdsStock() {
			return this.status.equals("CONFIRMED") || this.status.equals("PAID");
		}

	}

	/**
	 * What the drain saw.
	 *
	 * @param decided every purchase decided before the timeout
	 * @param pending those still undecided when it ran out
	 * @param elapsed how long the drain took
	 */
	record Result(List<Decision> decided, List<Accepted> pending, Duration elapsed) {
	}

}
