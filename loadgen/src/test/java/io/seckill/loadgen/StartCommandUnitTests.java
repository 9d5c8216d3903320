package io.seckill.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code loadgen start} with a shell standing in for the JVM: what the service is given
 * is what the shell prints.
 */
class StartCommandUnitTests {

	private static final String PRINT_PLACEMENT = "echo $SECKILL_REDIS_SENTINELS $SECKILL_REDIS_MASTER "
			+ "$SECKILL_RABBITMQ_VHOST $SECKILL_DB_NAME $SECKILL_HTTP_PORT $SECKILL_MANAGEMENT_PORT";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path dir;

	@Test
	void foregroundRunsToTheEndWithThePlacementAndReturnsTheExitCode() throws Exception {
		Path log = Files.writeString(this.dir.resolve("training.log"), "extracted\n");

		int exit = start(List.of("--name", "ingress", "--port", "8280", "--management-port", "8290", "--log",
				log.toString(), "--foreground"), "-c", PRINT_PLACEMENT + "; exit 3");

		assertThat(exit).isEqualTo(3);
		assertThat(log).hasContent("extracted\n127.0.0.1:26380 seckill seckill-dev seckill_dev 8280 8290");
	}

	@Test
	void detachedWritesThePidOfTheServiceItselfAndKeepsThePreviousLog() throws Exception {
		Path log = Files.writeString(this.dir.resolve("order-worker.log"), "the previous run\n");
		Path pidfile = this.dir.resolve("pids").resolve("order-worker.pid");

		int exit = start(List.of("--name", "order-worker", "--port", "8282", "--log", log.toString(), "--pidfile",
				pidfile.toString()), "-c", "echo $$; " + PRINT_PLACEMENT);

		assertThat(exit).isZero();
		String pid = Files.readString(pidfile).strip();
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.isEqualTo("started order-worker (pid " + pid + ", port 8282, log " + log + ")\n");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(log)
				.hasContent(pid + "\n127.0.0.1:26380 seckill seckill-dev seckill_dev 8282 8282"));
		assertThat(this.dir.resolve("order-worker.log.1")).hasContent("the previous run");
	}

	@Test
	void aCommandThatCannotRunIsReported() throws Exception {
		int exit = Loadgen.run(
				new String[] { "start", "--name", "ingress", "--port", "8280", "--sentinels", "s", "--redis-master",
						"m", "--vhost", "v", "--database", "d", "--java", "/no/such/java", "--log",
						this.dir.resolve("ingress.log").toString(), "--foreground", "--", "-jar", "x.jar" },
				Map.of(), print(this.out), print(this.err));

		assertThat(exit).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("seckill: could not start ingress: ");
	}

	private int start(List<String> options, String... launch) throws InterruptedException {
		List<String> args = new ArrayList<>(List.of("start", "--sentinels", "127.0.0.1:26380", "--redis-master",
				"seckill", "--vhost", "seckill-dev", "--database", "seckill_dev", "--java", "/bin/sh"));
		args.addAll(options);
		args.add("--");
		args.addAll(List.of(launch));
		return Loadgen.run(args.toArray(String[]::new), Map.of(), print(this.out), print(this.err));
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

}
