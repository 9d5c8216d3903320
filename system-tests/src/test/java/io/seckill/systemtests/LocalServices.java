package io.seckill.systemtests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Stops and starts the machine's RabbitMQ and MariaDB for the outage tests. Both are
 * started again the way {@code scripts/services.sh} starts them, so a test that fails
 * half-way still leaves the machine as it found it once {@link #restoreAll()} ran.
 */
final class LocalServices {

	static final int RABBITMQ_PORT = 5672;

	static final int MARIADB_PORT = 3306;

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

	private LocalServices() {
	}

	/**
	 * Stops the RabbitMQ application ({@code rabbitmqctl stop_app}): every connection is
	 * closed and the AMQP port stops listening; the Erlang node and the quorum queues'
	 * data stay, as they would across a broker restart.
	 */
	static void stopRabbitMq() {
		run(List.of("rabbitmqctl", "-q", "stop_app"));
		awaitPort(RABBITMQ_PORT, false);
	}

	static void startRabbitMq() {
		run(List.of("rabbitmqctl", "-q", "start_app"));
		run(List.of("rabbitmqctl", "-q", "await_startup"));
		awaitPort(RABBITMQ_PORT, true);
	}

	/** Shuts MariaDB down cleanly and waits until its port is closed. */
	static void stopMariaDb() {
		run(List.of("mariadb-admin", "-h127.0.0.1", "-P" + MARIADB_PORT, "-uroot", "shutdown"));
		awaitPort(MARIADB_PORT, false);
	}

	static void startMariaDb() {
		run(List.of("bash", "-c", "source scripts/services.sh && ensure_mariadb"));
		awaitPort(MARIADB_PORT, true);
		await("MariaDB answering queries").atMost(COMMAND_TIMEOUT)
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> {
				Database.ping();
				return true;
			});
	}

	/** Starts whatever an interrupted outage test left stopped. */
	static void restoreAll() {
		if (!isOpen(RABBITMQ_PORT)) {
			startRabbitMq();
		}
		if (!isOpen(MARIADB_PORT)) {
			startMariaDb();
		}
	}

	static boolean isOpen(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void awaitPort(int port, boolean open) {
		await("port " + port + (open ? " listening" : " closed")).atMost(COMMAND_TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> isOpen(port) == open);
	}

	private static void run(List<String> command) {
		try {
			// Output to a file, not a pipe: a daemon started in the background may keep
			// the pipe open long after the command returned.
			Path output = Files.createTempFile("seckill-service-", ".log");
			try {
				Process process = new ProcessBuilder(command).directory(TestEnvironment.ROOT.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException(
							command + " did not finish within " + COMMAND_TIMEOUT + ": " + Files.readString(output));
				}
				if (process.exitValue() != 0) {
					throw new IllegalStateException(
							command + " failed (" + process.exitValue() + "): " + Files.readString(output));
				}
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
