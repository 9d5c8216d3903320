package io.seckill.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.SortedMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * The flash crowd: {@code concurrency} virtual threads share the attempts; each attempt
 * is a shopper picked uniformly at random buying one item with a fresh idempotency key.
 * Every answer is counted by status and timed; every {@code 202} is kept for the drain.
 */
final class PurchaseBurst {

	private static final int BAR_WIDTH = 24;

	private final SeckillApi api;

	private final Shoppers shoppers;

	private final String saleId;

	private final int attempts;

	private final long[] latencies;

	private final long[] sentAt;

	private final long[] connecting;

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicInteger done = new AtomicInteger();

	private final StatusCounts answers = new StatusCounts();

	private final Queue<Accepted> accepted = new ConcurrentLinkedQueue<>();

	private final AtomicInteger acceptedWithoutId = new AtomicInteger();

	private final AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();

	PurchaseBurst(SeckillApi api, Shoppers shoppers, String saleId, int attempts) {
		this.api = api;
		this.shoppers = shoppers;
		this.saleId = saleId;
		this.attempts = attempts;
		this.latencies = new long[attempts];
		this.sentAt = new long[attempts];
		this.connecting = new long[attempts];
	}

	Result run(int concurrency, Progress.Mode progressMode, PrintStream progressOut) {
		long start = System.nanoTime();
		try (Progress progress = Progress.start(progressMode, progressOut, () -> status(start));
				ExecutorService crowd = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < concurrency; i++) {
				crowd.submit(this::shop);
			}
		}
		long end = System.nanoTime();
		return new Result(this.answers.snapshot(), List.copyOf(this.accepted), this.acceptedWithoutId.get(),
				this.latencies, this.sentAt, this.connecting, Duration.ofNanos(end - start), end,
				this.firstFailure.get());
	}

	private void shop() {
		int attempt;
		while ((attempt = this.next.getAndIncrement()) < this.attempts) {
			int shopper = ThreadLocalRandom.current().nextInt(this.shoppers.count());
			long sent = System.nanoTime();
			ApiAnswer answer = this.api.purchase(this.shoppers.token(shopper), this.saleId, UUID.randomUUID());
			long received = System.nanoTime();
			this.latencies[attempt] = received - sent;
			this.sentAt[attempt] = sent;
			this.connecting[attempt] = SeckillApi.lastConnectingNanos();
			record(answer, shopper, received);
			this.done.incrementAndGet();
		}
	}

	private void record(ApiAnswer answer, int shopper, long receivedAt) {
		this.answers.add(answer.status());
		if (answer.status() == ApiAnswer.NO_ANSWER) {
			this.firstFailure.compareAndSet(null, answer.failure());
		}
		if (answer.status() == 202) {
			String purchaseId = answer.text("purchaseId");
			if (purchaseId != null) {
				this.accepted.add(new Accepted(purchaseId, shopper, receivedAt));
			}
			else {
				this.acceptedWithoutId.incrementAndGet();
			}
		}
	}

	private String status(long start) {
		int finished = this.done.get();
		double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-3);
		return String.format(Locale.ROOT,
				"burst %s %s %,d/%,d  %,.0f req/s  202:%d 409:%d 410:%d 429:%d 503:%d other:%d no-answer:%d",
				Progress.bar((double) finished / this.attempts, BAR_WIDTH), Progress.percent(finished, this.attempts),
				finished, this.attempts, finished / seconds, this.answers.get(202), this.answers.get(409),
				this.answers.get(410), this.answers.get(429), this.answers.get(503),
				this.answers.others(202, 409, 410, 429, 503, ApiAnswer.NO_ANSWER),
				this.answers.get(ApiAnswer.NO_ANSWER));
	}

	/**
	 * A purchase answered {@code 202}.
	 *
	 * @param purchaseId the id to poll
	 * @param shopper who made it, whose token may read it
	 * @param acceptedAt {@link System#nanoTime()} when the answer arrived
	 */
	record Accepted(String purchaseId, int shopper, long acceptedAt) {
	}

	/**
	 * What the burst saw.
	 *
	 * @param answers count per HTTP status ({@link ApiAnswer#NO_ANSWER} for failed calls)
	 * @param accepted the purchases answered {@code 202} with a purchase id
	 * @param acceptedWithoutId {@code 202} answers whose body had no purchase id
	 * @param latencies nanoseconds per attempt, in attempt order
	 * @param sentAt {@link System#nanoTime()} when each attempt was sent, in attempt
	 * order
	 * @param connecting nanoseconds each attempt spent opening a connection (0 when it
	 * reused one), in attempt order
	 * @param elapsed from the first request sent to the last answer
	 * @param endedAt {@link System#nanoTime()} at the last answer
	 * @param firstFailure the first network failure, if any
	 */
	record Result(SortedMap<Integer, Long> answers, List<Accepted> accepted, int acceptedWithoutId, long[] latencies,
			long[] sentAt, long[] connecting, Duration elapsed, long endedAt, @Nullable String firstFailure) {

		/**
		 * How long the attempts that opened a connection spent opening it.
		 * @return nanoseconds, one per such attempt
		 */
		long[] connectTimes() {
			return Arrays.stream(this.connecting).filter((nanos) -> nanos > 0).toArray();
		}

		/**
		 * Latencies of the attempts sent while stock lasted (up to the arrival of the
		 * last {@code 202}), where purchases run the whole path, and of those sent after
		 * it, answered sold-out.
		 * @return the two phases, in that order
		 */
		List<long[]> byPhase() {
			long lastAccepted = this.accepted.stream().mapToLong(Accepted::acceptedAt).max().orElse(Long.MIN_VALUE);
			int during = 0;
			for (long sent : this.sentAt) {
				if (sent <= lastAccepted) {
					during++;
				}
			}
			long[] stock = new long[during];
			long[] soldOut = new long[this.sentAt.length - during];
			int s = 0;
			int o = 0;
			for (int i = 0; i < this.sentAt.length; i++) {
				if (this.sentAt[i] <= lastAccepted) {
					stock[s++] = this.latencies[i];
				}
				else {
					soldOut[o++] = this.latencies[i];
				}
			}
			return List.of(stock, soldOut);
		}

	}

}
