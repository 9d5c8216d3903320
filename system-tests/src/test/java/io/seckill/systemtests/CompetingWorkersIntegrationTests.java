package io.seckill.systemtests;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers scale by adding processes: two of each drain the same queues with no duplicate
 * and no lost purchase.
 */
class CompetingWorkersIntegrationTests {

	private static final Pattern PROCESSED = Pattern.compile("^seckill_worker_messages_total\\{([^}]*)\\} ([0-9.E+]+)$",
			Pattern.MULTILINE);

	private static SeckillSystem system;

	private static ServiceProcess secondReservationWorker;

	private static ServiceProcess secondOrderWorker;

	@BeforeAll
	static void startSecondWorkers() {
		system = SeckillSystem.get();
		secondReservationWorker = system.startWorker("reservation-worker", "reservation-worker-2");
		secondOrderWorker = system.startWorker("order-worker", "order-worker-2");
	}

	@AfterAll
	static void stopSecondWorkers() {
		secondReservationWorker.stop();
		secondOrderWorker.stop();
	}

	@Test
	void twoWorkersOfEachKindShareTheQueuesWithoutDuplicates() {
		Api api = system.api();
		String saleId = "compete-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, 400, 1).status()).isEqualTo(201);
		double firstBefore = processed(system.reservationWorker());

		Crowd.Result crowd = Crowd.rush(api, saleId, 1200, 800, 100);
		System.out.println("[competing workers] " + crowd.summary());
		Map<String, String> decided = Crowd.awaitDecided(api, crowd.accepted(), Duration.ofSeconds(90));

		assertThat(crowd.count(202)).isEqualTo(400);
		// An order nobody pays expires after the tests' payment window (15 s): made once
		// either way.
		assertThat(decided.values()).isSubsetOf("CONFIRMED", "EXPIRED");
		assertThat(Database.orderRows(saleId)).isEqualTo(400);
		assertThat(Database.duplicatePurchaseIds(saleId)).isZero();
		assertThat(Database.usersAboveLimit(saleId, 1)).isZero();
		double first = processed(system.reservationWorker()) - firstBefore;
		double second = processed(secondReservationWorker);
		System.out.println("[competing workers] reservation messages: first " + first + ", second " + second);
		assertThat(first).as("first reservation-worker's share").isPositive();
		assertThat(second).as("second reservation-worker's share").isPositive();
		assertThat(first + second).as("messages processed by both").isGreaterThanOrEqualTo(400);
		RedeliveryIntegrationTests.awaitQueuesDrained();
	}

	private static double processed(ServiceProcess worker) {
		double total = 0;
		Matcher matcher = PROCESSED.matcher(worker.metrics());
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(2));
		}
		return total;
	}

}
