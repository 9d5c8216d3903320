package io.seckill.loadgen.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Waits for a starting service until its health probe answers {@code UP}. It fails as
 * soon as the process is gone, or when the time is up; either way the failure carries the
 * last lines of the service's log, which say why.
 */
public final class Readiness {

	private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

	private static final int LOG_LINES = 40;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

	private final Duration timeout;

	private final Duration interval;

	/**
	 * A wait of at most {@code timeout} per service, probing every {@code interval}.
	 * @param timeout how long a service may take to become ready
	 * @param interval the pause between two probes
	 */
	public Readiness(Duration timeout, Duration interval) {
		this.timeout = timeout;
		this.interval = interval;
	}

	/**
	 * Returns once the service's probe answers {@code UP}.
	 * @param service the starting service
	 * @throws NotReadyException when its process ended, or the timeout passed, first
	 * @throws InterruptedException when the wait is interrupted
	 */
	public void await(StartingService service) throws InterruptedException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (true) {
			String status = status(service.probe());
			if ("UP".equals(status)) {
				return;
			}
			if (!service.alive().getAsBoolean()) {
				throw new NotReadyException(service.name() + " exited during start-up; " + logTail(service.log()));
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new NotReadyException(
						service.name() + " is not ready after " + this.timeout.toSeconds() + "s (" + service.probeName()
								+ ": " + ((status != null) ? status : "no answer") + "); " + logTail(service.log()));
			}
			Thread.sleep(this.interval);
		}
	}

	/**
	 * What a health probe answers.
	 * @param probe the probe, e.g.
	 * {@code http://127.0.0.1:8080/actuator/health/readiness}
	 * @return its {@code status} ({@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE}...),
	 * or {@code null} when it does not answer with one
	 * @throws InterruptedException when the call is interrupted
	 */
	public @Nullable String status(URI probe) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(probe).timeout(PROBE_TIMEOUT).GET().build();
		try {
			String body = this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
			Matcher status = STATUS.matcher(body);
			return status.find() ? status.group(1) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String logTail(Path log) {
		StringBuilder text = new StringBuilder("last lines of ").append(log).append(':');
		try {
			List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
			lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size())
				.forEach((line) -> text.append('\n').append(line));
		}
		catch (IOException ex) {
			text.append("\n(cannot read it: ").append(ex).append(')');
		}
		return text.toString();
	}

	/**
	 * A service that did not become ready; the message says why and ends with the last
	 * lines of its log.
	 */
	public static final class NotReadyException extends IllegalStateException {

		NotReadyException(String message) {
			super(message);
		}

	}

}
