package io.seckill.systemtests;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The whole pipeline as processes, started once per test JVM and shared by the test
 * classes: ingress, one reservation-worker, one order-worker. Tests add worker processes
 * of their own and stop them again.
 */
final class SeckillSystem {

	private static volatile SeckillSystem instance;

	private final ServiceProcess ingress;

	private final ServiceProcess reservationWorker;

	private final ServiceProcess orderWorker;

	private final List<ServiceProcess> extras = new CopyOnWriteArrayList<>();

	private SeckillSystem() {
		Infrastructure.check();
		Database.dropSchema();
		// Start one first: it applies the schema, so the others do not race for Flyway's lock.
		this.ingress = ServiceProcess.start("ingress", "ingress", Map.of());
		this.reservationWorker = ServiceProcess.start("reservation-worker", "reservation-worker", Map.of());
		this.orderWorker = ServiceProcess.start("order-worker", "order-worker", Map.of());
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
