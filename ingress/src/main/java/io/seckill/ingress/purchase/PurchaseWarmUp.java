package io.seckill.ingress.purchase;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs the hot path a few hundred times before readiness turns {@code UP} (an
 * {@link ApplicationRunner} runs before Spring Boot accepts traffic): a restarted ingress
 * otherwise serves its first requests from a cold JVM, interpreted, and answered client
 * timeouts in its first seconds (issue 12 item 8).
 *
 * <p>
 * Nothing it does is seen by shoppers: the purchase script runs against a sale that does
 * not exist ({@code NO_SALE}, after the rate-limit step that writes one short-lived key
 * per warm-up user), and the HTTP requests to our own public port carry no valid token
 * ({@code 401}), which still runs the server, the filters, token parsing and the JSON
 * error path. Bounded by {@link #BUDGET}; a failure (Redis not reachable yet) only ends
 * the warm-up early, never the start.
 */
@Component
class PurchaseWarmUp implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(PurchaseWarmUp.class);

	static final int SCRIPT_CALLS = 300;

	static final int HTTP_CALLS = 200;

	static final Duration BUDGET = Duration.ofSeconds(5);

	private static final String SALE = "seckill-warm-up-no-such-sale";

	private final PurchaseScript script;

	private final Environment environment;

	PurchaseWarmUp(PurchaseScript script, Environment environment) {
		this.script = script;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		long started = System.nanoTime();
		long deadline = started + BUDGET.toNanos();
		int scripts = runScript(deadline);
		int requests = sendRequests(deadline);
		logger.info("Warmed up the purchase path before accepting traffic: " + scripts + " script calls, " + requests
				+ " HTTP requests in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
	}

	private int runScript(long deadline) {
		int done = 0;
		try {
			while (done < SCRIPT_CALLS && System.nanoTime() < deadline) {
				String user = "seckill-warm-up-" + (done % 16);
				this.script.run(SALE, user, 1, UUID.randomUUID().toString(), UUID.randomUUID().toString())
					.get(1, TimeUnit.SECONDS);
				done++;
			}
		}
		catch (Exception ex) {
			logger.info("Purchase script warm-up ended early: " + ex);
		}
		return done;
	}

	private int sendRequests(long deadline) {
		String port = this.environment.getProperty("local.server.port");
		if (port == null) {
			return 0;
		}
		int done = 0;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		try (http) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/sales/" + SALE + "/purchases"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer warm.up.token")
				.header("Idempotency-Key", "seckill-warm-up")
				.timeout(Duration.ofSeconds(1))
				.POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}"))
				.build();
			while (done < HTTP_CALLS && System.nanoTime() < deadline) {
				http.send(request, HttpResponse.BodyHandlers.discarding());
				done++;
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.info("HTTP warm-up ended early: " + ex);
		}
		return done;
	}

}
