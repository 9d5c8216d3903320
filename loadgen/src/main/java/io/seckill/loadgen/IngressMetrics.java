package io.seckill.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What the ingress's own metrics say about a burst: how often the Redis circuit breaker
 * changed state (none on a healthy system: overload is shed by admission control, not
 * mistaken for a failing Redis) and how many calls admission control shed. Read from its
 * Prometheus endpoint on the management port, before and after.
 */
final class IngressMetrics {

	private static final Pattern TRANSITION = Pattern
		.compile("^seckill_redis_breaker_transitions_total\\{([^}]*)\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

	private static final Pattern SHED = Pattern
		.compile("^seckill_admission_shed_total(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)", Pattern.MULTILINE);

	private static final Pattern LABEL = Pattern.compile("(from|to)=\"([A-Z_]+)\"");

	private IngressMetrics() {
	}

	/**
	 * Reads the counters now.
	 * @param management the ingress's management base URL
	 * @return the counters, or {@code null} if the endpoint did not answer
	 */
	static @Nullable Snapshot read(URI management) {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(management.resolve("/actuator/prometheus"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? parse(response.body()) : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	static Snapshot parse(String exposition) {
		Map<String, Long> transitions = new TreeMap<>();
		Matcher transition = TRANSITION.matcher(exposition);
		while (transition.find()) {
			String from = null;
			String to = null;
			Matcher label = LABEL.matcher(transition.group(1));
			while (label.find()) {
				if (label.group(1).equals("from")) {
					from = label.group(2);
				}
				else {
					to = label.group(2);
				}
			}
			transitions.merge(from + "->" + to, Math.round(Double.parseDouble(transition.group(2))), Long::sum);
		}
		Matcher shed = SHED.matcher(exposition);
		long shedCalls = shed.find() ? Math.round(Double.parseDouble(shed.group(1))) : 0;
		return new Snapshot(transitions, shedCalls);
	}

	/**
	 * The counters at one moment.
	 *
	 * @param breakerTransitions count per transition, e.g. {@code CLOSED->OPEN}
	 * @param shed purchase calls admission control answered {@code 503}
	 */
	record Snapshot(Map<String, Long> breakerTransitions, long shed) {

		/**
		 * What happened between an earlier snapshot and this one.
		 * @param earlier the snapshot before
		 * @return the differences
		 */
		Snapshot since(Snapshot earlier) {
			Map<String, Long> moved = new TreeMap<>();
			this.breakerTransitions.forEach((transition, count) -> {
				long delta = count - earlier.breakerTransitions.getOrDefault(transition, 0L);
				if (delta > 0) {
					moved.put(transition, delta);
				}
			});
			return new Snapshot(moved, this.shed - earlier.shed);
		}

	}

}
