package io.seckill.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

import static org.awaitility.Awaitility.await;

/**
 * The test Redis Sentinel topology as an operator's shell sees it: nodes are processes
 * with pidfiles in {@link TestEnvironment#REDIS_DIR}, and
 * {@code scripts/redis-topology.sh
 * start} brings dead ones back (a dead master returns as a replica of the new one), and
 * so does the supervisor it starts, by itself, within seconds.
 */
final class RedisTopology {

	private RedisTopology() {
	}

	/**
	 * The master's port, as the first sentinel that answers names it.
	 * @return the port
	 */
	static int masterPort() {
		for (String sentinel : TestEnvironment.SENTINELS.split(",")) {
			String[] hostPort = sentinel.trim().split(":");
			RedisClient client = RedisClient.create(RedisURI.builder()
				.withHost(hostPort[0])
				.withPort(Integer.parseInt(hostPort[1]))
				.withTimeout(Duration.ofSeconds(1))
				.build());
			try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
				java.net.InetSocketAddress master = (java.net.InetSocketAddress) connection.sync()
					.getMasterAddrByName(TestEnvironment.REDIS_MASTER);
				return master.getPort();
			}
			catch (RuntimeException ex) {
				// Try the next sentinel.
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
			}
		}
		throw new IllegalStateException("No sentinel of " + TestEnvironment.SENTINELS + " names a master");
	}

	/**
	 * Waits until the sentinels name a master other than the given one.
	 * @param oldPort the master that failed
	 * @param within how long the failover may take
	 * @return the new master's port
	 */
	static int awaitNewMaster(int oldPort, Duration within) {
		int[] port = new int[1];
		await("a new Redis master instead of " + oldPort).atMost(within)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				port[0] = masterPort();
				return port[0] != oldPort;
			});
		return port[0];
	}

	/**
	 * Starts listening for {@code +switch-master} on every sentinel, as the services do.
	 * @return the watch; close it when done
	 */
	static SwitchWatch watchSwitch() {
		return new SwitchWatch();
	}

	static List<Integer> sentinelPorts() {
		return java.util.Arrays.stream(TestEnvironment.SENTINELS.split(","))
			.map((sentinel) -> Integer.parseInt(sentinel.trim().split(":")[1]))
			.toList();
	}

	/** {@code kill -9} of a data node or sentinel. */
	static void kill(int port) {
		signal("KILL", port);
	}

	/** {@code kill -STOP}: the process freezes, its sockets stay open. */
	static void pause(int port) {
		signal("STOP", port);
	}

	/** {@code kill -CONT} of a paused node. */
	static void resume(int port) {
		signal("CONT", port);
	}

	/** The data nodes' ports: the first one and the next two. */
	static List<Integer> dataPorts() {
		return List.of(TestEnvironment.REDIS_PORT, TestEnvironment.REDIS_PORT + 1, TestEnvironment.REDIS_PORT + 2);
	}

	/**
	 * Restarts dead nodes and resumes paused ones through the topology script, and waits
	 * until it is healthy again (one master, two linked replicas, three sentinels). Also
	 * starts the topology's supervisor if it does not run.
	 */
	static void restore() {
		run(topologyCommand("start"), Duration.ofSeconds(90));
	}

	/**
	 * Whether the topology is healthy now, as {@code redis-topology.sh status} judges:
	 * the sentinels agree on a master with two online replicas and see each other.
	 * @return {@code true} when healthy
	 */
	static boolean healthy() {
		try {
			Process process = new ProcessBuilder(topologyCommand("status")).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code kill -STOP} of the topology's supervisor, so that a test can watch what a
	 * missing node looks like before the supervisor brings it back.
	 */
	static void pauseSupervisor() {
		run(List.of("kill", "-STOP", Long.toString(supervisorPid())), Duration.ofSeconds(5));
	}

	/** {@code kill -CONT} of the supervisor. */
	static void resumeSupervisor() {
		run(List.of("kill", "-CONT", Long.toString(supervisorPid())), Duration.ofSeconds(5));
	}

	private static long supervisorPid() {
		Path pidfile = TestEnvironment.REDIS_DIR.resolve("supervisor.pid");
		try {
			return Long.parseLong(Files.readString(pidfile).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No supervisor pidfile " + pidfile
					+ ": the test topology runs without its supervisor (scripts/redis-topology.sh start starts it)",
					ex);
		}
	}

	private static List<String> topologyCommand(String command) {
		return List.of("bash", TestEnvironment.ROOT.resolve("scripts/redis-topology.sh").toString(), "--dir",
				TestEnvironment.REDIS_DIR.toString(), "--master-port", Integer.toString(TestEnvironment.REDIS_PORT),
				"--sentinel-port", Integer.toString(sentinelPorts().get(0)), "--name", TestEnvironment.REDIS_MASTER,
				command);
	}

	private static void signal(String signal, int port) {
		run(List.of("kill", "-" + signal, Long.toString(pidOf(port))), Duration.ofSeconds(5));
	}

	private static long pidOf(int port) {
		boolean sentinel = sentinelPorts().contains(port);
		Path pidfile = TestEnvironment.REDIS_DIR.resolve((sentinel ? "sentinel-" : "redis-") + port + ".pid");
		try {
			return Long.parseLong(Files.readString(pidfile).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No pidfile " + pidfile + ": is SECKILL_TEST_REDIS_DIR the state dir of the "
					+ "topology behind " + TestEnvironment.SENTINELS + "?", ex);
		}
	}

	private static void run(List<String> command, Duration within) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(within.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
			if (!output.isBlank()) {
				System.out
					.print(output.lines().map((line) -> "[redis-topology] " + line + "\n").reduce("", String::concat));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * When the first sentinel announced {@code +switch-master} for the test master.
	 */
	static final class SwitchWatch implements AutoCloseable {

		private final RedisClient client = RedisClient.create();

		private final List<StatefulRedisPubSubConnection<String, String>> connections = new java.util.ArrayList<>();

		private volatile long announcedAt = Long.MIN_VALUE;

		private SwitchWatch() {
			for (int port : sentinelPorts()) {
				StatefulRedisPubSubConnection<String, String> connection = this.client
					.connectPubSub(RedisURI.create("redis://127.0.0.1:" + port));
				connection.addListener(new RedisPubSubAdapter<>() {

					@Override
					public void message(String channel, String message) {
						if (message.startsWith(TestEnvironment.REDIS_MASTER + " ")
								&& SwitchWatch.this.announcedAt == Long.MIN_VALUE) {
							SwitchWatch.this.announcedAt = System.nanoTime();
						}
					}

				});
				connection.sync().subscribe("+switch-master");
				this.connections.add(connection);
			}
		}

		/**
		 * {@link System#nanoTime()} of the first announcement.
		 * @return the time, once announced
		 */
		long announcedAt() {
			await("+switch-master from a sentinel").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.announcedAt != Long.MIN_VALUE);
			return this.announcedAt;
		}

		@Override
		public void close() {
			this.connections.forEach(StatefulRedisPubSubConnection::close);
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}

	}

}
