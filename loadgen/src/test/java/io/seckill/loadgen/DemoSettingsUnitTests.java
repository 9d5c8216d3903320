package io.seckill.loadgen;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DemoSettingsUnitTests {

	private static final Instant NOW = Instant.parse("2026-11-25T10:11:12Z");

	private static final Map<String, String> ENV = Map.of("SECKILL_JWT_SECRET", "from-the-environment");

	@Test
	void defaultsMatchTheDemo() {
		DemoSettings settings = settings(ENV);

		assertThat(settings.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
		assertThat(settings.secret()).isEqualTo("from-the-environment");
		assertThat(settings.saleId()).isEqualTo("demo-20261125-101112");
		assertThat(settings.stock()).isEqualTo(500);
		assertThat(settings.perUserLimit()).isEqualTo(1);
		assertThat(settings.attempts()).isEqualTo(20_000);
		assertThat(settings.users()).isEqualTo(5_000);
		assertThat(settings.concurrency()).isEqualTo(200);
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(120));
		assertThat(settings.json()).isNull();
		assertThat(settings.warmUp()).isEqualTo(6_000);
	}

	@Test
	void readsEveryOption() {
		DemoSettings settings = settings(Map.of(), "--url", "http://localhost:9090", "--secret", "given", "--sale-id",
				"s-1", "--stock", "10", "--limit", "2", "--attempts", "100", "--users", "20", "--concurrency", "4",
				"--timeout", "5", "--json", "out/report.json", "--progress", "none", "--warmup", "300",
				"--management-url", "http://127.0.0.1:9091");

		assertThat(settings).isEqualTo(new DemoSettings(URI.create("http://localhost:9090"), "given", "s-1",
				"Limited edition sneaker", 10, 2, 100, 20, 4, Duration.ofSeconds(5), Duration.ofSeconds(10),
				Path.of("out/report.json"), Progress.Mode.NONE, 300, URI.create("http://127.0.0.1:9091")));
	}

	@Test
	void needsASecret() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> settings(Map.of()))
			.withMessageContaining("SECKILL_JWT_SECRET");
	}

	@Test
	void refusesSaleIdsIngressWouldRefuse() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> settings(ENV, "--sale-id", "a/b"))
			.withMessageContaining("--sale-id");
	}

	@Test
	void refusesUrlsWithoutHttpAndHost() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> settings(ENV, "--url", "localhost:8080"))
			.withMessageContaining("--url");
	}

	@Test
	void refusesUnknownProgressMode() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> settings(ENV, "--progress", "fancy"))
			.withMessageContaining("--progress");
	}

	private static DemoSettings settings(Map<String, String> env, String... args) {
		return DemoSettings.from(Arguments.parse(args, Set.of()), env, NOW);
	}

}
