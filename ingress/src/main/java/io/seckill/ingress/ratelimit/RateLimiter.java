package io.seckill.ingress.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * In-memory rate limit per key, as a generic cell rate algorithm: one "theoretical
 * arrival time" per key, moved forward by one interval per allowed request. A request is
 * allowed while that time is at most {@code burst - 1} intervals ahead of now. One map
 * lookup and one compare-and-set per request; no timer, no lock.
 * <p>
 * Keys whose time has passed are equivalent to new ones, so they are dropped when the map
 * reaches its bound. If it is still full after that (a spray of addresses), new keys are
 * let through untracked rather than locking out clients the limiter never saw: the
 * per-shopper limit in Redis and the Redis bulkhead still stand behind it.
 */
final class RateLimiter {

	private static final long SWEEP_EVERY = TimeUnit.SECONDS.toNanos(1);

	private final long intervalNanos;

	private final long toleranceNanos;

	private final int maxKeys;

	private final LongSupplier nanoClock;

	private final ConcurrentHashMap<String, AtomicLong> arrivals = new ConcurrentHashMap<>();

	private final AtomicLong nextSweep;

	/**
	 * A limiter.
	 * @param requestsPerSecond sustained rate per key, above 0
	 * @param burst requests a fresh key may make at once, at least 1
	 * @param maxKeys most keys remembered
	 * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime})
	 */
	RateLimiter(double requestsPerSecond, int burst, int maxKeys, LongSupplier nanoClock) {
		this.intervalNanos = Math.max(1, Math.round(TimeUnit.SECONDS.toNanos(1) / requestsPerSecond));
		this.toleranceNanos = this.intervalNanos * (burst - 1);
		this.maxKeys = maxKeys;
		this.nanoClock = nanoClock;
		this.nextSweep = new AtomicLong(nanoClock.getAsLong());
	}

	/**
	 * Takes one request's worth of the key's budget, if there is one.
	 * @param key who asks
	 * @return {@code 0} if allowed, otherwise nanoseconds until a request would be
	 */
	long acquire(String key) {
		long now = this.nanoClock.getAsLong();
		AtomicLong arrival = this.arrivals.get(key);
		if (arrival == null) {
			if (this.arrivals.size() >= this.maxKeys && !sweep(now)) {
				return 0;
			}
			arrival = this.arrivals.computeIfAbsent(key, (k) -> new AtomicLong(now));
		}
		while (true) {
			long current = arrival.get();
			long base = (current - now > 0) ? current : now;
			long early = base - now - this.toleranceNanos;
			if (early > 0) {
				return early;
			}
			if (arrival.compareAndSet(current, base + this.intervalNanos)) {
				return 0;
			}
		}
	}

	int tracked() {
		return this.arrivals.size();
	}

	/**
	 * Drops keys whose budget is full again, at most once a second.
	 * @return whether there is room for a new key now
	 */
	private boolean sweep(long now) {
		long due = this.nextSweep.get();
		if (now - due >= 0 && this.nextSweep.compareAndSet(due, now + SWEEP_EVERY)) {
			// A request racing with the removal of its key may start from a fresh budget:
			// lenient by one burst at most, never stricter.
			this.arrivals.values().removeIf((arrival) -> arrival.get() - now <= 0);
		}
		return this.arrivals.size() < this.maxKeys;
	}

}
