package io.seckill.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.seckill.loadgen.service.Readiness;
import io.seckill.loadgen.service.ServiceLaunch;
import io.seckill.loadgen.service.StartingService;

/**
 * One Seckill service started from its executable jar, as operators run it: launched and
 * waited for by the code {@code ./seckill up} runs ({@link ServiceLaunch},
 * {@link Readiness}).
 */
final class ServiceProcess {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final ServiceLaunch.Placement PLACEMENT = new ServiceLaunch.Placement(TestEnvironment.SENTINELS,
			TestEnvironment.REDIS_MASTER, TestEnvironment.VHOST, TestEnvironment.DATABASE);

	private static final Readiness READINESS = new Readiness(Duration.ofSeconds(120), Duration.ofMillis(500));

	private final String module;

	private final String name;

	private final int port;

	private final int managementPort;

	private final Map<String, String> extraEnv;

	private final Path log;

	private final Process process;

	private ServiceProcess(String module, String name, int port, int managementPort, Map<String, String> extraEnv,
			Path log, Process process) {
		this.module = module;
		this.name = name;
		this.port = port;
		this.managementPort = managementPort;
		this.extraEnv = extraEnv;
		this.log = log;
		this.process = process;
	}

	/**
	 * Starts a service and waits until its readiness probe answers UP.
	 * @param module the module, e.g. {@code ingress}
	 * @param name a name for logs, unique per process
	 * @param extraEnv environment on top of the test defaults
	 * @return the running service
	 */
	static ServiceProcess start(String module, String name, Map<String, String> extraEnv) {
		return start(module, name, extraEnv, freePort());
	}

	/**
	 * Starts a service and waits only until its liveness probe answers UP: for tests of a
	 * service whose dependencies are unreachable, which never becomes ready.
	 * @param module the module, e.g. {@code ingress}
	 * @param name a name for logs, unique per process
	 * @param extraEnv environment on top of the test defaults
	 * @return the running service
	 */
	static ServiceProcess startLive(String module, String name, Map<String, String> extraEnv) {
		return start(module, name, extraEnv, freePort(), managementPort(module), "/actuator/health/liveness");
	}

	private static ServiceProcess start(String module, String name, Map<String, String> extraEnv, int port) {
		return start(module, name, extraEnv, port, managementPort(module), "/actuator/health/readiness");
	}

	/**
	 * The ingress serves its actuator on a port of its own (the public port answers only
	 * the load balancer's health checks); a worker has one port for everything.
	 */
	private static int managementPort(String module) {
		return "ingress".equals(module) ? freePort() : -1;
	}

	private static ServiceProcess start(String module, String name, Map<String, String> extraEnv, int port,
			int managementPort, String probe) {
		Path jar = TestEnvironment.jar(module);
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No executable jar at " + jar + ": run the tests through ./seckill test");
		}
		String java = ProcessHandle.current().info().command().orElse("java");
		int management = (managementPort > 0) ? managementPort : port;
		Map<String, String> env = new LinkedHashMap<>(ServiceLaunch.environment(PLACEMENT, port, management));
		env.put("SECKILL_JWT_SECRET", TestEnvironment.JWT_SECRET);
		env.put("SECKILL_PAYMENT_TIMEOUT", TestEnvironment.PAYMENT_TIMEOUT);
		env.put("SECKILL_RELAY_CLAIM_IDLE", TestEnvironment.RELAY_CLAIM_IDLE);
		env.putAll(extraEnv);
		ServiceLaunch launch = new ServiceLaunch(name, List.of(java, "-Xmx256m", "-jar", jar.toString()), env,
				TestEnvironment.logs().resolve(name + ".log"));
		try {
			// Appended: a restarted service's log follows the one it replaced.
			ServiceProcess service = new ServiceProcess(module, name, port, management, extraEnv, launch.log(),
					launch.start(true));
			// Never leave a service behind when the test JVM ends, whatever the outcome.
			Runtime.getRuntime().addShutdownHook(new Thread(service::stop));
			service.awaitUp(probe);
			return service;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	String name() {
		return this.name;
	}

	/** The file its standard output and error go to. */
	Path log() {
		return this.log;
	}

	/**
	 * Starts the same service again, on the same port with the same settings (after a
	 * {@link #kill()}), and waits until it is ready.
	 * @return the new process
	 */
	ServiceProcess restart() {
		stop();
		return start(this.module, this.name, this.extraEnv, this.port,
				(this.managementPort != this.port) ? this.managementPort : -1, "/actuator/health/readiness");
	}

	/** Kills it without warning ({@code kill -9}): no shutdown hook, no graceful stop. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	long pid() {
		return this.process.pid();
	}

	/** Stops it as an orchestrator would: SIGTERM, then a graceful shutdown. */
	void stop() {
		if (!this.process.isAlive()) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A scrape of the service's Prometheus endpoint.
	 * @return the exposition text
	 */
	String metrics() {
		return management("/actuator/prometheus").body();
	}

	/**
	 * Waits as {@code ./seckill up} does, with a longer timeout for a busy test machine.
	 */
	private void awaitUp(String probe) {
		try {
			READINESS
				.await(new StartingService(this.name, this.process::isAlive, URI.create(baseUrl() + probe), this.log));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A GET on the service's public port, e.g. a health check.
	 * @param path the path
	 * @return the answer
	 */
	HttpResponse<String> get(String path) {
		return get(baseUrl(), path);
	}

	/**
	 * A GET on the service's management port: health details, metrics.
	 * @param path the path
	 * @return the answer
	 */
	HttpResponse<String> management(String path) {
		return get("http://127.0.0.1:" + this.managementPort, path);
	}

	private static HttpResponse<String> get(String base, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(5))
			.GET()
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
