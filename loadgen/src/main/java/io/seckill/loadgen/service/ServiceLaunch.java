package io.seckill.loadgen.service;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a Seckill service process is started, whoever starts it ({@code ./seckill} or the
 * system tests): its command line, the variables that place it, and the file its output
 * goes to.
 *
 * @param name its name, unique per process (e.g. {@code order-worker-2})
 * @param command the command line: the JVM, its options, then what it runs (e.g.
 * {@code -jar <exec jar>})
 * @param environment variables set on top of the starter's own
 * @param log the file its standard output and error go to
 */
public record ServiceLaunch(String name, List<String> command, Map<String, String> environment, Path log) {

	/**
	 * The variables that tell a service where it runs. An ingress serves the API on
	 * {@code port} and its actuator on {@code managementPort}; a worker has one port, its
	 * actuator's, so both are the same.
	 * @param placement the Redis, RabbitMQ and database it uses
	 * @param port the service's port
	 * @param managementPort the actuator's port
	 * @return the variables, unmodifiable
	 */
	public static Map<String, String> environment(Placement placement, int port, int managementPort) {
		return Map.of("SECKILL_REDIS_SENTINELS", placement.sentinels(), "SECKILL_REDIS_MASTER", placement.redisMaster(),
				"SECKILL_RABBITMQ_VHOST", placement.vhost(), "SECKILL_DB_NAME", placement.database(),
				"SECKILL_HTTP_PORT", Integer.toString(port), "SECKILL_MANAGEMENT_PORT",
				Integer.toString(managementPort));
	}

	/**
	 * Starts the process, its input empty.
	 * @param appendLog whether its output goes after what the log already holds, or
	 * replaces it
	 * @return the process
	 * @throws IOException when the log cannot be written or the command not run
	 */
	public Process start(boolean appendLog) throws IOException {
		Files.createDirectories(this.log.toAbsolutePath().getParent());
		ProcessBuilder builder = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(this.log.toFile())
					: ProcessBuilder.Redirect.to(this.log.toFile()));
		builder.environment().putAll(this.environment);
		return builder.start();
	}

	/**
	 * Where a service finds the shared services.
	 *
	 * @param sentinels the Redis sentinels, {@code host:port,...}
	 * @param redisMaster the master's name at the sentinels
	 * @param vhost the RabbitMQ vhost
	 * @param database the database
	 */
	public record Placement(String sentinels, String redisMaster, String vhost, String database) {
	}

}
