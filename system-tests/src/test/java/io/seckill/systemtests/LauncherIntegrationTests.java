package io.seckill.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./seckill} launcher against the test topology (issue 12, item 9): the Redis
 * it reports and manages is the one its variables name, not the default ports.
 */
class LauncherIntegrationTests {

	@Test
	void statusNamesTheMasterOfTheConfiguredSentinels() {
		String firstSentinel = TestEnvironment.SENTINELS.split(",")[0].trim();

		Result status = launcher(Map.of("SECKILL_REDIS_SENTINELS", TestEnvironment.SENTINELS, "SECKILL_REDIS_MASTER",
				TestEnvironment.REDIS_MASTER, "REDIS_TOPOLOGY_MASTER_PORT",
				Integer.toString(TestEnvironment.REDIS_PORT), "REDIS_TOPOLOGY_DIR",
				TestEnvironment.REDIS_DIR.toString()), "status");

		assertThat(status.output())
			.contains("master (sentinel " + firstSentinel + "): 127.0.0.1:" + RedisTopology.masterPort())
			.contains("redis     " + TestEnvironment.REDIS_PORT + " ")
			.contains("supervisor       running")
			.doesNotContain("26380");
	}

	@Test
	void sentinelsAndTopologyThatDisagreeAreRefused() {
		Result status = launcher(
				Map.of("SECKILL_REDIS_SENTINELS", TestEnvironment.SENTINELS, "REDIS_TOPOLOGY_SENTINEL_PORT", "26999"),
				"status");

		assertThat(status.exitCode()).isEqualTo(1);
		assertThat(status.output()).contains("SECKILL_REDIS_SENTINELS=" + TestEnvironment.SENTINELS)
			.contains("REDIS_TOPOLOGY_SENTINEL_PORT=26999")
			.contains("name different sentinels");
	}

	private static Result launcher(Map<String, String> environment, String... arguments) {
		List<String> command = new ArrayList<>(List.of("bash", TestEnvironment.ROOT.resolve("seckill").toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// Only what the test sets: the developer's own SECKILL_* and REDIS_TOPOLOGY_*
		// would
		// point the launcher elsewhere.
		builder.environment().keySet().removeIf((name) -> name.startsWith("SECKILL_") || name.startsWith("REDIS_"));
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("./seckill %s finished", List.of(arguments)).isTrue();
			System.out
				.println("[./seckill " + String.join(" ", arguments) + "] exit " + process.exitValue() + "\n" + output);
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Result(int exitCode, String output) {
	}

}
