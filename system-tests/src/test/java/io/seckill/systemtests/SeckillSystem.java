package io.seckill.systemtests;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole pipeline as processes, started once per test JVM and shared by the test
 * classes: ingress, one reservation-worker, one order-worker. Tests add worker processes
 * of their own and stop them again.
 */
final class SeckillSystem {

	private static volatile SeckillSystem instance;

	// Replaced when a fault test kills one and starts it again (same port and settings).
	private volatile ServiceProcess ingress;

	private volatile ServiceProcess reservationWorker;

	private volatile ServiceProcess orderWorker;

	private final List<ServiceProcess> extras = new CopyOnWriteArrayList<>();

	private SeckillSystem() {
		Infrastructure.check();
		Database.dropSchema();
		// Start one first: it applies the schema, so the others do not race for Flyway's
		// lock.
		this.ingress = ServiceProcess.start("ingress", "ingress", Map.of());
		this.reservationWorker = ServiceProcess.start("reservation-worker", "reservation-worker", Map.of());
		this.orderWorker = ServiceProcess.start("order-worker", "order-worker", Map.of());
		warmUp();
	}

	/**
	 * A production ingress has served traffic before the sale starts; a fresh JVM
	 * interprets its first thousand requests. Warm the whole path so the tests measure
	 * the system, not the JIT.
	 */
	private void warmUp() {
		Api api = api();
		String saleId = "warmup-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		api.createSale(saleId, 100_000, 100);
		Crowd.Result warmUp = Crowd.rush(api, saleId, 800, 50, 16);
		Crowd.awaitDecided(api, warmUp.accepted(), java.time.Duration.ofSeconds(120));
		System.out.println("[warm-up] " + warmUp.summary());
	}

	static SeckillSystem get() {
		if (instance == null) {
			synchronized (SeckillSystem.class) {
				if (instance == null) {
					instance = new SeckillSystem();
				}
			}
		}
		return instance;
	}

	Api api() {
		return new Api(this.ingress.baseUrl());
	}

	ServiceProcess ingress() {
		return this.ingress;
	}

	ServiceProcess reservationWorker() {
		return this.reservationWorker;
	}

	ServiceProcess orderWorker() {
		return this.orderWorker;
	}

	/**
	 * Starts the ingress again after a test killed it; tests that follow find it ready.
	 */
	void restartIngress() {
		this.ingress = this.ingress.restart();
	}

	/**
	 * Starts both workers again after a test killed them, side by side: a JVM start takes
	 * tens of seconds on a busy machine.
	 */
	void restartWorkers() {
		try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
			Future<ServiceProcess> reservation = starters.submit(this.reservationWorker::restart);
			Future<ServiceProcess> order = starters.submit(this.orderWorker::restart);
			this.reservationWorker = reservation.get();
			this.orderWorker = order.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A worker did not start again", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts another ingress, sharing the outbox relay's work with the first.
	 * @param name a unique name for its log
	 * @return the ingress
	 */
	ServiceProcess startIngress(String name) {
		ServiceProcess ingress = ServiceProcess.start("ingress", name, Map.of());
		this.extras.add(ingress);
		return ingress;
	}

	/**
	 * Starts another worker process, competing for the same queue.
	 * @param module {@code reservation-worker} or {@code order-worker}
	 * @param name a unique name for its log
	 * @return the worker
	 */
	ServiceProcess startWorker(String module, String name) {
		ServiceProcess worker = ServiceProcess.start(module, name, Map.of());
		this.extras.add(worker);
		return worker;
	}

}
