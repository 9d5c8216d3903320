package io.seckill.loadgen;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many answers came back with each HTTP status, safe to update from every shopper at
 * once.
 */
final class StatusCounts {

	private final Map<Integer, LongAdder> counts = new ConcurrentHashMap<>();

	void add(int status) {
		this.counts.computeIfAbsent(status, (key) -> new LongAdder()).increment();
	}

	long get(int status) {
		LongAdder count = this.counts.get(status);
		return (count != null) ? count.sum() : 0;
	}

	/**
	 * Answers whose status is none of the given ones.
	 * @param named the statuses counted elsewhere
	 * @return the sum of all the others
	 */
	long others(int... named) {
		long total = 0;
		for (Map.Entry<Integer, LongAdder> entry : this.counts.entrySet()) {
			if (!contains(named, entry.getKey())) {
				total += entry.getValue().sum();
			}
		}
		return total;
	}

	SortedMap<Integer, Long> snapshot() {
		SortedMap<Integer, Long> snapshot = new TreeMap<>();
		this.counts.forEach((status, count) -> snapshot.put(status, count.sum()));
		return snapshot;
	}

	private static boolean contains(int[] values, int value) {
		for (int candidate : values) {
			if (candidate == value) {
				return true;
			}
		}
		return false;
	}

}
