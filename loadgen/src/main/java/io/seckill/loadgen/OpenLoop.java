package io.seckill.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Purchases at a fixed arrival rate (an open model), with latency measured without
 * coordinated omission: request {@code i} is due at {@code start + i / rate}, and its
 * latency runs from when it was due, not from when a connection got round to sending it.
 * A system that falls behind therefore shows its queueing delay in the percentiles
 * instead of quietly lowering the rate, which is what a closed-loop tool like wrk does.
 *
 * <p>
 * wrk2 measures this way but is not packaged in Debian, and the JDK's HttpClient costs
 * several times the CPU per request of a plain socket on a two-core machine shared with
 * the server; so this is a minimal keep-alive HTTP/1.1 client over a fixed set of
 * connections, one virtual thread each, all drawing due times from one schedule.
 */
final class OpenLoop {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final int MAX_FAILURES = 1000;

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private final Settings settings;

	private final List<String> tokens;

	private final AtomicLong tickets = new AtomicLong();

	private final AtomicInteger recorded = new AtomicInteger();

	private final long[] latencies;

	private final int[] dueMillis;

	private final int[] statuses;

	private final AtomicInteger failures = new AtomicInteger();

	private volatile long start;

	OpenLoop(Settings settings, List<String> tokens) {
		if (tokens.isEmpty()) {
			throw new UsageException("the tokens file is empty");
		}
		this.settings = settings;
		this.tokens = tokens;
		int capacity = (int) Math.min(Integer.MAX_VALUE - 8, (long) settings.rate() * settings.duration().toSeconds());
		this.latencies = new long[capacity];
		this.dueMillis = new int[capacity];
		this.statuses = new int[capacity];
	}

	/**
	 * Runs the schedule to its end, then waits at most the grace period for requests
	 * still in flight or not yet sent.
	 * @param progress called with the requests answered so far, about every 200 ms
	 * @return what was measured
	 * @throws InterruptedException if interrupted
	 */
	Result run(java.util.function.IntConsumer progress) throws InterruptedException {
		this.start = System.nanoTime();
		long total = this.latencies.length;
		long cutoff = this.start + this.settings.duration().toNanos() + this.settings.grace().toNanos();
		try (ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < this.settings.connections(); i++) {
				connections.submit(() -> connection(total, cutoff));
			}
			connections.shutdown();
			while (!connections.awaitTermination(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
				progress.accept(this.recorded.get());
			}
		}
		progress.accept(this.recorded.get());
		return result(total);
	}

	private void connection(long total, long cutoff) {
		HttpConnection connection = null;
		try {
			while (true) {
				long ticket = this.tickets.getAndIncrement();
				if (ticket >= total) {
					return;
				}
				long due = this.start + ticket * NANOS_PER_SECOND / this.settings.rate();
				long wait = due - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(Duration.ofNanos(wait));
				}
				if (System.nanoTime() > cutoff) {
					return;
				}
				try {
					if (connection == null) {
						connection = HttpConnection.open(this.settings.host(), this.settings.port(), CONNECT_TIMEOUT,
								READ_TIMEOUT);
					}
					int status = connection.exchange(request(ticket), false).status();
					record(due, System.nanoTime() - due, status);
					if (connection.mustClose()) {
						connection.close();
						connection = null;
					}
				}
				catch (IOException ex) {
					// Counted as status 0 with its latency; the next request opens a new
					// connection. Bounded, so a dead server ends the run instead of a
					// loop.
					record(due, System.nanoTime() - due, 0);
					if (connection != null) {
						connection.close();
						connection = null;
					}
					if (this.failures.incrementAndGet() > MAX_FAILURES) {
						return;
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (connection != null) {
				connection.close();
			}
		}
	}

	private byte[] request(long ticket) {
		String token = this.tokens.get((int) (ticket % this.tokens.size()));
		String body = "{\"quantity\":1}";
		String text = "POST " + this.settings.path() + " HTTP/1.1\r\nHost: " + this.settings.host() + ":"
				+ this.settings.port() + "\r\nAuthorization: Bearer " + token
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\nIdempotency-Key: open-"
				+ this.settings.run() + "-" + ticket + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private void record(long due, long latency, int status) {
		int slot = this.recorded.getAndIncrement();
		if (slot < this.latencies.length) {
			this.latencies[slot] = latency;
			this.dueMillis[slot] = (int) ((due - this.start) / 1_000_000);
			this.statuses[slot] = status;
		}
	}

	private Result result(long total) {
		int count = Math.min(this.recorded.get(), this.latencies.length);
		long[] measured = Arrays.copyOf(this.latencies, count);
		Map<Integer, Integer> byStatus = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			byStatus.merge(this.statuses[i], 1, Integer::sum);
		}
		int seconds = (int) this.settings.duration().toSeconds();
		List<Second> timeline = new ArrayList<>();
		List<List<Long>> perSecond = new ArrayList<>();
		for (int s = 0; s < seconds; s++) {
			perSecond.add(new ArrayList<>());
		}
		for (int i = 0; i < count; i++) {
			int s = this.dueMillis[i] / 1000;
			if (s >= 0 && s < seconds) {
				perSecond.get(s).add(this.latencies[i]);
			}
		}
		for (int s = 0; s < seconds; s++) {
			Latencies second = Latencies.of(perSecond.get(s).stream().mapToLong(Long::longValue).toArray());
			timeline.add(new Second(s, second.count(), second.summaryMillis().p50(), second.summaryMillis().p99()));
		}
		return new Result(this.settings.rate(), this.settings.duration().toSeconds(), this.settings.connections(),
				total, count, total - count, this.failures.get(), byStatus, Latencies.of(measured), timeline);
	}

	/**
	 * What the open-loop run is to do.
	 *
	 * @param host ingress host
	 * @param port ingress port
	 * @param path the purchase path
	 * @param run a word that makes this run's Idempotency-Keys unique
	 * @param rate requests per second
	 * @param duration how long the schedule runs
	 * @param connections keep-alive connections that share the schedule
	 * @param grace how long past the schedule's end to wait for late requests
	 */
	record Settings(String host, int port, String path, String run, int rate, Duration duration, int connections,
			Duration grace) {
	}

	/**
	 * One second of the schedule.
	 *
	 * @param second seconds since the start
	 * @param count requests due in that second and answered
	 * @param p50 median latency in ms
	 * @param p99 99th percentile latency in ms
	 */
	record Second(int second, int count, double p50, double p99) {
	}

	/**
	 * What an open-loop run measured.
	 *
	 * @param rate the target arrival rate
	 * @param seconds schedule length
	 * @param connections connections used
	 * @param scheduled requests on the schedule
	 * @param answered requests answered
	 * @param unanswered requests not sent or not answered before the grace period ended
	 * @param failures requests whose connection failed (also counted as status 0)
	 * @param statuses answers by HTTP status
	 * @param latencies every answered request's latency from its due time
	 * @param timeline latency by second of the schedule
	 */
	record Result(int rate, long seconds, int connections, long scheduled, int answered, long unanswered, int failures,
			Map<Integer, Integer> statuses, Latencies latencies, List<Second> timeline) {

		Map<String, Object> toJson() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("rate", this.rate);
			json.put("seconds", this.seconds);
			json.put("connections", this.connections);
			json.put("scheduled", this.scheduled);
			json.put("answered", this.answered);
			json.put("unanswered", this.unanswered);
			json.put("achievedPerSecond", Math.round((double) this.answered / Math.max(1, this.seconds)));
			json.put("failures", this.failures);
			Map<String, Integer> byStatus = new LinkedHashMap<>();
			this.statuses.forEach((status, n) -> byStatus.put(Integer.toString(status), n));
			json.put("statuses", byStatus);
			json.put("latencyMillis", this.latencies.summaryMillis());
			json.put("percentiles", percentiles(this.latencies));
			json.put("timeline", this.timeline);
			return json;
		}

		String summary() {
			Latencies.Summary l = this.latencies.summaryMillis();
			return String.format(Locale.ROOT,
					"open loop %,d/s for %d s: %,d answered, %,d unanswered; p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
					this.rate, this.seconds, this.answered, this.unanswered, l.p50(), l.p99(), l.p999(), l.max());
		}

	}

	/** The same percentile points the wrk phases report, as {@code [percent, micros]}. */
	static List<double[]> percentiles(Latencies latencies) {
		double[] points = { 1, 5, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97, 98, 99, 99.5, 99.9, 99.95, 99.99,
				100 };
		List<double[]> rows = new ArrayList<>();
		for (double point : points) {
			rows.add(new double[] { point, latencies.percentile(point) / 1000 });
		}
		return rows;
	}

}
