package io.seckill.systemtests;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Reads samples out of a Prometheus text exposition, as a scraper would.
 */
final class Prometheus {

	private Prometheus() {
	}

	/**
	 * The value of the first sample of a metric whose labels include the given ones.
	 * @param scrape the exposition text
	 * @param name the sample name, e.g. {@code seckill_purchases_total}
	 * @param labels {@code name=value} pairs the sample must carry
	 * @return its value, or empty when no sample matches
	 */
	static OptionalDouble value(String scrape, String name, String... labels) {
		return scrape.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> Arrays.stream(labels).allMatch((label) -> line.contains(quoted(label))))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst();
	}

	private static String quoted(String label) {
		int equals = label.indexOf('=');
		return label.substring(0, equals) + "=\"" + label.substring(equals + 1) + "\"";
	}

}
