package io.seckill.systemtests;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers die mid-stream ({@code kill -9}) during a live sale: first the
 * reservation-worker, then the order-worker, both started again while shoppers keep
 * buying. Their unacknowledged messages go back to the queue and are delivered again.
 * Invariants: the ingress keeps accepting (the queues buffer), the DESIGN.md invariants
 * hold, no purchase has two orders. Figures: answers by status, slowest answer,
 * redelivered messages found already decided.
 */
class WorkerCrashIntegrationTests {

	private static final Pattern DUPLICATES = Pattern
		.compile("^seckill_worker_messages_total\\{[^}]*outcome=\"duplicate\"[^}]*\\} ([0-9.E+]+)$", Pattern.MULTILINE);

	private static SeckillSystem system;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
	}

	@Test
	void killedWorkersLoseAndDuplicateNothing() {
		Api api = system.api();
		String saleId = RedisFailoverIntegrationTests.newSale(api, "kill-workers");
		SteadyLoad.Figures figures;
		List<Crowd.Accepted> accepted;
		// A lighter load than the Redis tests: it keeps running while the workers start
		// again, which takes tens of seconds on a busy machine.
		try (SteadyLoad load = SteadyLoad.start(List.of(api), saleId, 4, RedisFailoverIntegrationTests.USERS,
				Duration.ofMillis(50))) {
			load.awaitAccepted(150, Duration.ofSeconds(30));
			long faultAt = load.now();
			system.reservationWorker().kill();
			load.awaitAccepted(100, Duration.ofSeconds(30));
			system.orderWorker().kill();
			load.awaitAccepted(100, Duration.ofSeconds(30));
			system.restartWorkers();
			load.awaitAccepted(100, Duration.ofSeconds(30));
			load.close();
			figures = load.figures(faultAt);
			accepted = load.accepted();
			System.out.println("[kill -9 reservation-worker, then order-worker] " + figures);
		}
		assertThat(figures.failures()).as("503s and unanswered purchases while workers were down").isZero();
		SaleInvariants.assertHold("kill -9 workers", api, saleId, RedisFailoverIntegrationTests.STOCK,
				RedisFailoverIntegrationTests.LIMIT, accepted);
		System.out.println("[kill -9 workers] redelivered messages found decided: reservation-worker "
				+ duplicates(system.reservationWorker()) + ", order-worker " + duplicates(system.orderWorker()));
	}

	private static double duplicates(ServiceProcess worker) {
		double total = 0;
		Matcher matcher = DUPLICATES.matcher(worker.metrics());
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return total;
	}

}
