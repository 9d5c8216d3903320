package io.seckill.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shoppers pressing "buy" at the same second: every attempt waits at a start gate, then
 * all go at once (bounded by the number of open connections).
 */
final class Crowd {

	private Crowd() {
	}

	static Result rush(Api api, String saleId, int attempts, int users, int connections) {
		Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
		long[] latencies = new long[attempts];
		CountDownLatch gate = new CountDownLatch(1);
		Semaphore open = new Semaphore(connections);
		long started;
		try (ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < attempts; i++) {
				int attempt = i;
				String userId = "shopper-" + (attempt % users);
				shoppers.submit(() -> {
					gate.await();
					open.acquire();
					try {
						long begin = System.nanoTime();
						Api.Answer answer = api.purchase(saleId, userId, 1);
						latencies[attempt] = System.nanoTime() - begin;
						statuses.computeIfAbsent(answer.status(), (s) -> new AtomicLong()).incrementAndGet();
						if (answer.status() == 202) {
							accepted.add(new Accepted(answer.text("purchaseId"), userId));
						}
					}
					finally {
						open.release();
					}
					return null;
				});
			}
			started = System.nanoTime();
			gate.countDown();
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		Map<Integer, Long> counts = new TreeMap<>();
		statuses.forEach((status, count) -> counts.put(status, count.get()));
		return new Result(counts, new ArrayList<>(accepted), elapsed, latencies);
	}

	/**
	 * Polls every accepted purchase until it is decided.
	 * @param api the API
	 * @param accepted the purchases answered 202
	 * @param within how long the pipeline may take
	 * @return final status per purchase id
	 */
	static Map<String, String> awaitDecided(Api api, List<Accepted> accepted, Duration within) {
		Map<String, String> decided = new ConcurrentHashMap<>();
		await("every accepted purchase decided").atMost(within)
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				try (ExecutorService pollers = Executors.newVirtualThreadPerTaskExecutor()) {
					Semaphore open = new Semaphore(100);
					for (Accepted purchase : accepted) {
						if (decided.containsKey(purchase.purchaseId())) {
							continue;
						}
						pollers.submit(() -> {
							open.acquire();
							try {
								Api.Answer answer = api.poll(purchase.purchaseId(), purchase.userId());
								String status = answer.text("status");
								if (answer.status() == 200 && !"PENDING".equals(status)) {
									decided.put(purchase.purchaseId(), status);
								}
							}
							finally {
								open.release();
							}
							return null;
						});
					}
				}
				assertThat(decided).hasSameSizeAs(accepted);
			});
		return decided;
	}

	/**
	 * A purchase answered 202.
	 *
	 * @param purchaseId its id
	 * @param userId its shopper
	 */
	record Accepted(String purchaseId, String userId) {
	}

	/**
	 * What the crowd got.
	 *
	 * @param statuses answers by HTTP status
	 * @param accepted purchases answered 202
	 * @param elapsed from the gate opening to the last answer
	 * @param latencies per attempt, nanoseconds
	 */
	record Result(Map<Integer, Long> statuses, List<Accepted> accepted, Duration elapsed, long[] latencies) {

		long count(int status) {
			return this.statuses.getOrDefault(status, 0L);
		}

		String summary() {
			long[] sorted = this.latencies.clone();
			java.util.Arrays.sort(sorted);
			double seconds = Math.max(1, this.elapsed.toMillis()) / 1000.0;
			return "answers " + this.statuses + " in " + this.elapsed.toMillis() + " ms ("
					+ Math.round(sorted.length / seconds) + " attempts/s), latency p50 " + millis(sorted, 0.50)
					+ " ms, p99 " + millis(sorted, 0.99) + " ms, max " + millis(sorted, 1.0) + " ms";
		}

		private static long millis(long[] sorted, double quantile) {
			int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
			return Duration.ofNanos(sorted[Math.max(0, index)]).toMillis();
		}

	}

}
