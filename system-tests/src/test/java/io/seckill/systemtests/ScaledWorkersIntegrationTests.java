package io.seckill.systemtests;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scaling out the order-worker: three processes drain one sale's orders at once, each
 * consuming in batches. Invariants: the DESIGN.md ones (no oversell, nobody above the
 * limit, every {@code 202} decided, one order per purchase). Figure: each process' share
 * of the orders, from its own {@code seckill_worker_messages_total} counter; every one
 * must do a meaningful part of the work (at least 15 %, a third being even), or adding
 * processes would not add capacity.
 */
class ScaledWorkersIntegrationTests {

	private static final Pattern CREATED = Pattern
		.compile("^seckill_worker_messages_total\\{[^}]*outcome=\"created\"[^}]*\\} ([0-9.E+]+)$", Pattern.MULTILINE);

	private static final int STOCK = 600;

	private static final int LIMIT = 1;

	private static SeckillSystem system;

	private static List<ServiceProcess> orderWorkers;

	@BeforeAll
	static void scaleOrderWorkersToThree() {
		system = SeckillSystem.get();
		orderWorkers = List.of(system.orderWorker(), system.startWorker("order-worker", "order-worker-scaled-2"),
				system.startWorker("order-worker", "order-worker-scaled-3"));
	}

	@AfterAll
	static void scaleBackToOne() {
		orderWorkers.subList(1, orderWorkers.size()).forEach(ServiceProcess::stop);
	}

	@Test
	void threeOrderWorkersShareASaleEvenlyWithoutDuplicates() {
		Api api = system.api();
		String saleId = "scaled-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, STOCK, LIMIT).status()).isEqualTo(201);
		double[] before = orderWorkers.stream().mapToDouble(ScaledWorkersIntegrationTests::created).toArray();

		List<Crowd.Accepted> accepted = new ArrayList<>();
		// A loaded machine answers part of a rush 503 (no replica in time); shoppers try
		// again until enough orders flowed to measure the shares.
		for (int round = 1; round <= 5 && accepted.size() < STOCK / 2; round++) {
			Crowd.Result crowd = Crowd.rush(api, saleId, 1800, 1200, 50);
			System.out.println("[scaled order-workers] round " + round + ": " + crowd.summary());
			accepted.addAll(crowd.accepted());
		}
		SaleInvariants.assertHold("scaled order-workers", api, saleId, STOCK, LIMIT, accepted);

		assertThat(accepted).hasSizeGreaterThanOrEqualTo(STOCK / 2);
		assertThat(Database.orderRows(saleId)).isEqualTo(accepted.size());
		double[] shares = new double[orderWorkers.size()];
		double total = 0;
		for (int i = 0; i < shares.length; i++) {
			shares[i] = created(orderWorkers.get(i)) - before[i];
			total += shares[i];
		}
		System.out.printf("[scaled order-workers] orders created per process: %.0f, %.0f, %.0f of %.0f%n", shares[0],
				shares[1], shares[2], total);
		assertThat(total).as("orders created by the three processes").isEqualTo(accepted.size());
		for (int i = 0; i < shares.length; i++) {
			assertThat(shares[i] / total).as("share of " + orderWorkers.get(i).name()).isGreaterThanOrEqualTo(0.15);
		}
	}

	private static double created(ServiceProcess worker) {
		double total = 0;
		Matcher matcher = CREATED.matcher(worker.metrics());
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return total;
	}

}
