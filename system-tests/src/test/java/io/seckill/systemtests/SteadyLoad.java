package io.seckill.systemtests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/**
 * Shoppers buying steadily through a fault, as well-behaved clients do: a purchase that
 * gets {@code 503} or no answer is retried with the same Idempotency-Key (after a short
 * pause, on the next ingress if there are several) until it gets a final answer. An
 * ingress that did not answer at all is avoided for a few seconds, as a load balancer
 * would after a failed connection. Every HTTP answer is kept with its time, so a test can
 * tell when the fault began to show and when it ended.
 */
final class SteadyLoad implements AutoCloseable {

	/** Status recorded when a request got no HTTP answer at all. */
	static final int NO_ANSWER = -1;

	private static final Duration RETRY_PAUSE = Duration.ofMillis(100);

	private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

	private static final Duration AVOID_UNREACHABLE = Duration.ofSeconds(5);

	private final List<Api> ingresses;

	private final long[] avoidUntil;

	private final String saleId;

	private final int users;

	private final Duration pause;

	private final long startedAt = System.nanoTime();

	private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<Crowd.Accepted> accepted = new ConcurrentLinkedQueue<>();

	private final AtomicInteger abandoned = new AtomicInteger();

	private final ExecutorService shoppers = Executors.newVirtualThreadPerTaskExecutor();

	private volatile boolean running = true;

	private SteadyLoad(List<Api> ingresses, String saleId, int users, Duration pause) {
		this.ingresses = ingresses;
		this.avoidUntil = new long[ingresses.size()];
		this.saleId = saleId;
		this.users = users;
		this.pause = pause;
	}

	/**
	 * Starts shopping.
	 * @param ingresses where to send purchases; retries move to the next one
	 * @param saleId the sale
	 * @param shoppers purchases in flight at once
	 * @param users distinct shoppers, picked at random for each purchase
	 * @param pause each shopper's pause between purchases
	 * @return the running load
	 */
	static SteadyLoad start(List<Api> ingresses, String saleId, int shoppers, int users, Duration pause) {
		SteadyLoad load = new SteadyLoad(ingresses, saleId, users, pause);
		for (int i = 0; i < shoppers; i++) {
			load.shoppers.submit(load::shop);
		}
		return load;
	}

	/** Nanoseconds since the load started: the time scale of {@link Answer}. */
	long now() {
		return at(System.nanoTime());
	}

	/**
	 * A {@link System#nanoTime()} on the load's time scale.
	 * @param nanoTime the time
	 * @return nanoseconds since the load started
	 */
	long at(long nanoTime) {
		return nanoTime - this.startedAt;
	}

	/**
	 * Waits until this many more purchases were accepted.
	 * @param more accepted purchases to wait for
	 * @param within how long that may take
	 */
	void awaitAccepted(int more, Duration within) {
		int target = this.accepted.size() + more;
		await(more + " more accepted purchases").atMost(within)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.accepted.size() >= target);
	}

	/**
	 * Waits until the fault shows: a {@code 503} or an unanswered request sent after it.
	 * @param faultAt when the fault was injected ({@link #now()})
	 * @param within how long that may take
	 */
	void awaitFailure(long faultAt, Duration within) {
		await("a failed purchase after the fault").atMost(within)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> lastFailureSentAfter(faultAt) != Long.MIN_VALUE);
	}

	/**
	 * Waits until purchases are answered normally again after the fault: a {@code 202},
	 * {@code 409} or {@code 410} for a request sent after the last failed one, and no
	 * failure for a second since.
	 * @param faultAt when the fault was injected ({@link #now()})
	 * @param within how long recovery may take
	 */
	void awaitRecovered(long faultAt, Duration within) {
		await("purchases accepted again after the fault").atMost(within)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				long lastFailure = lastFailureSentAfter(faultAt);
				boolean acceptedSince = this.answers.stream()
					.anyMatch((answer) -> answer.served() && answer.sentAt() > Math.max(lastFailure, faultAt));
				return acceptedSince && now() - Math.max(lastFailure, faultAt) > Duration.ofSeconds(1).toNanos();
			});
	}

	private long lastFailureSentAfter(long faultAt) {
		return this.answers.stream()
			.filter((answer) -> answer.sentAt() >= faultAt && answer.failed())
			.mapToLong(Answer::sentAt)
			.max()
			.orElse(Long.MIN_VALUE);
	}

	List<Crowd.Accepted> accepted() {
		return new ArrayList<>(this.accepted);
	}

	/**
	 * What the shoppers saw, measured from the fault.
	 * @param faultAt when the fault was injected ({@link #now()})
	 * @return the figures
	 */
	Figures figures(long faultAt) {
		return figures(faultAt, faultAt);
	}

	/**
	 * What the shoppers saw, measured from the fault.
	 * @param faultAt when the fault was injected ({@link #now()})
	 * @param laterAt a later moment (e.g. the frozen master resumed), whose failures are
	 * counted separately
	 * @return the figures
	 */
	Figures figures(long faultAt, long laterAt) {
		List<Answer> all = new ArrayList<>(this.answers);
		all.sort(Comparator.comparingLong(Answer::sentAt));
		Map<Integer, Long> byStatus = new TreeMap<>();
		all.forEach((answer) -> byStatus.merge(answer.status(), 1L, Long::sum));
		Long firstFailure = all.stream()
			.filter((answer) -> answer.sentAt() >= faultAt && answer.failed())
			.map((answer) -> answer.sentAt() + answer.latency() - faultAt)
			.min(Long::compare)
			.orElse(null);
		long lastFailureSent = lastFailureSentAfter(faultAt);
		Long recovered = all.stream()
			.filter((answer) -> answer.sentAt() >= faultAt && answer.served() && answer.sentAt() > lastFailureSent)
			.map((answer) -> answer.sentAt() + answer.latency() - faultAt)
			.min(Long::compare)
			.orElse(null);
		long failures = all.stream().filter((answer) -> answer.sentAt() >= faultAt && answer.failed()).count();
		long failuresLater = all.stream().filter((answer) -> answer.sentAt() >= laterAt && answer.failed()).count();
		long slowest = all.stream().mapToLong(Answer::latency).max().orElse(0);
		return new Figures(byStatus, millis(firstFailure), millis(recovered), failures, failuresLater,
				slowest / 1_000_000, this.accepted.size(), this.abandoned.get());
	}

	@Override
	public void close() {
		this.running = false;
		this.shoppers.close();
	}

	private void shop() {
		while (this.running) {
			String userId = "steady-" + ThreadLocalRandom.current().nextInt(this.users);
			buy(userId, UUID.randomUUID().toString());
			LockSupport.parkNanos(this.pause.toNanos());
		}
	}

	/** One purchase, retried with its key until it gets a final answer. */
	private void buy(String userId, String key) {
		long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
		int target = ThreadLocalRandom.current().nextInt(this.ingresses.size());
		while (System.nanoTime() < deadline) {
			int index = reachable(target++);
			Api api = this.ingresses.get(index);
			long sent = now();
			int status;
			String purchaseId = null;
			try {
				Api.Answer answer = api.purchase(this.saleId, userId, 1, key);
				status = answer.status();
				if (status == 202) {
					purchaseId = answer.text("purchaseId");
				}
			}
			catch (IllegalStateException ex) {
				status = NO_ANSWER;
				this.avoidUntil[index] = System.nanoTime() + AVOID_UNREACHABLE.toNanos();
			}
			this.answers.add(new Answer(sent, now() - sent, status));
			if (status == 202) {
				this.accepted.add(new Crowd.Accepted(purchaseId, userId));
				return;
			}
			if (status != 503 && status != NO_ANSWER && status != 429) {
				return;
			}
			LockSupport.parkNanos(RETRY_PAUSE.toNanos());
		}
		this.abandoned.incrementAndGet();
	}

	private int reachable(int from) {
		for (int i = 0; i < this.ingresses.size(); i++) {
			int index = (from + i) % this.ingresses.size();
			if (this.avoidUntil[index] < System.nanoTime()) {
				return index;
			}
		}
		return from % this.ingresses.size();
	}

	private static Long millis(Long nanos) {
		return (nanos != null) ? nanos / 1_000_000 : null;
	}

	/**
	 * One HTTP answer.
	 *
	 * @param sentAt when the request left, nanoseconds on the load's scale
	 * @param latency how long the answer took, nanoseconds
	 * @param status HTTP status, or {@link #NO_ANSWER}
	 */
	record Answer(long sentAt, long latency, int status) {

		boolean failed() {
			return this.status == 503 || this.status == NO_ANSWER;
		}

		/** Whether the sale answered normally: accepted, or refused by its rules. */
		boolean served() {
			return this.status == 202 || this.status == 409 || this.status == 410;
		}

	}

	/**
	 * What the shoppers saw.
	 *
	 * @param byStatus every HTTP answer (retries included) by status; -1 is no answer
	 * @param firstFailureAfter ms from the fault to the first {@code 503} or unanswered
	 * request, {@code null} if none
	 * @param recoveredAfter ms from the fault to the first normal answer ({@code 202},
	 * {@code 409}, {@code 410}) to a request sent after the last failed one
	 * @param failures {@code 503} and unanswered requests after the fault
	 * @param failuresLater those of them sent after the later moment
	 * @param slowestMillis the slowest answer of the whole run
	 * @param accepted purchases answered {@code 202}
	 * @param abandoned purchases that never got a final answer within a minute
	 */
	record Figures(Map<Integer, Long> byStatus, Long firstFailureAfter, Long recoveredAfter, long failures,
			long failuresLater, long slowestMillis, int accepted, int abandoned) {

		@Override
		public String toString() {
			return "answers by status " + this.byStatus + " (-1 = no answer), first 503/no answer "
					+ ((this.firstFailureAfter != null) ? this.firstFailureAfter + " ms after the fault" : "never")
					+ ", answered normally again "
					+ ((this.firstFailureAfter != null) ? this.recoveredAfter + " ms after the fault" : "throughout")
					+ ", " + this.failures + " failed answers after the fault, slowest answer " + this.slowestMillis
					+ " ms, accepted " + this.accepted + ", abandoned " + this.abandoned;
		}

	}

}
