package io.seckill.systemtests;

import java.nio.file.Path;

/**
 * Where the test services are. {@code ./seckill test} starts the Redis Sentinel topology
 * on the test ports and creates the RabbitMQ vhost and the database used here, so tests
 * never touch a running demo.
 */
final class TestEnvironment {

	static final String SENTINELS = env("SECKILL_TEST_SENTINELS", "127.0.0.1:26390,127.0.0.1:26391,127.0.0.1:26392");

	static final String REDIS_MASTER = env("SECKILL_TEST_REDIS_MASTER", "seckill-test");

	static final String VHOST = env("SECKILL_TEST_VHOST", "seckill-test");

	static final String DATABASE = env("SECKILL_TEST_DB", "seckill_test");

	static final String JWT_SECRET = "system-tests-secret-0123456789-abcdefghijklmnop";

	/**
	 * Short enough for the expiry test to wait for, long enough for a crowd to finish
	 * first.
	 */
	static final String PAYMENT_TIMEOUT = "15s";

	static final Path ROOT = Path.of(System.getProperty("seckill.root", ".."));

	static final String VERSION = System.getProperty("seckill.version", "0.1.0-SNAPSHOT");

	/**
	 * State dir of the test Redis topology (pidfiles), for the fault tests that kill and
	 * freeze its nodes; {@code ./seckill test} exports it.
	 */
	static final Path REDIS_DIR = Path
		.of(env("SECKILL_TEST_REDIS_DIR", ROOT.resolve(".seckill").resolve("test-redis").toString()));

	/** The test topology's first data port (replicas on the next two). */
	static final int REDIS_PORT = Integer.parseInt(env("SECKILL_TEST_REDIS_PORT", "6390"));

	/**
	 * How long a dead ingress' pending outbox entries wait before another relay takes
	 * them over: short, so the ingress crash test does not wait out the production 30 s.
	 */
	static final String RELAY_CLAIM_IDLE = "2s";

	private TestEnvironment() {
	}

	static Path jar(String module) {
		return ROOT.resolve(module).resolve("target").resolve("seckill-" + module + "-" + VERSION + "-exec.jar");
	}

	static Path logs() {
		return ROOT.resolve("system-tests").resolve("target").resolve("service-logs");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
