package io.seckill.loadgen.service;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * A service process that was just started.
 *
 * @param name its name, unique per process (e.g. {@code order-worker-2})
 * @param alive whether its process still runs
 * @param probe the health probe that answers {@code UP} once it is ready, e.g.
 * {@code http://127.0.0.1:8080/actuator/health/readiness}
 * @param log the file its output goes to
 */
public record StartingService(String name, BooleanSupplier alive, URI probe, Path log) {

	/**
	 * The probe's name for messages: {@code readiness}, {@code liveness}.
	 * @return the last segment of the probe's path
	 */
	String probeName() {
		String path = this.probe.getPath();
		return path.substring(path.lastIndexOf('/') + 1);
	}

}
