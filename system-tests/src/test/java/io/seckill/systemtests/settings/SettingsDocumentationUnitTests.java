package io.seckill.systemtests.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.seckill.common.config.EnvironmentVariableAliases;
import io.seckill.systemtests.settings.ServiceSettings.Setting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The README's settings table and {@code compose/.env.example} are generated from the
 * services' configuration metadata; this test fails while a committed copy differs from
 * what the generator writes. {@code ./seckill settings} regenerates them (it runs this
 * test with {@code -Dseckill.settings.write=true}).
 */
class SettingsDocumentationUnitTests {

	private static final Path ROOT = ServiceSettings.repositoryRoot();

	@Test
	void committedDocsAreGeneratedFromTheCurrentSettings() throws IOException {
		boolean write = Boolean.getBoolean("seckill.settings.write");
		for (Map.Entry<String, String> file : SettingsDocumentation.expected(ROOT).entrySet()) {
			Path path = ROOT.resolve(file.getKey());
			if (write) {
				Files.writeString(path, file.getValue());
			}
			assertThat(Files.readString(path))
				.as("%s is not what the services' settings generate: run ./seckill settings and commit the result",
						file.getKey())
				.isEqualTo(file.getValue());
		}
	}

	@Test
	void everyDocumentedVariableSetsItsProperty() {
		List<Setting> settings = ServiceSettings.all(ROOT)
			.stream()
			.filter((setting) -> setting.property().startsWith("seckill."))
			.toList();
		assertThat(settings).hasSizeGreaterThan(50);
		Map<String, Object> variables = settings.stream()
			.collect(Collectors.toMap(Setting::variable, (setting) -> "x", (a, b) -> a));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		new EnvironmentVariableAliases().postProcessEnvironment(environment, new SpringApplication());
		ConfigurationPropertySources.attach(environment);
		Binder binder = Binder.get(environment);
		for (Setting setting : settings) {
			assertThat(binder.bind(setting.property(), String.class).orElse(null))
				.as("%s sets %s", setting.variable(), setting.property())
				.isEqualTo("x");
		}
	}

	@Test
	void everyServiceReadsTheSharedSettingsAndItsOwn() {
		assertThat(ServiceSettings.of(ROOT, "order-worker"))
			.containsKeys("SECKILL_REDIS_SENTINELS", "SECKILL_DB_HOST", "SECKILL_ORDER_CONCURRENCY",
					"SECKILL_PAYMENT_TIMEOUT")
			.doesNotContainKeys("SECKILL_HTTP_PORT", "SECKILL_RESERVATION_CONCURRENCY");
		Setting sentinels = ServiceSettings.of(ROOT, "ingress").get("SECKILL_REDIS_SENTINELS");
		assertThat(sentinels.property()).isEqualTo("seckill.redis.sentinels");
		assertThat(sentinels.defaultValue()).isEqualTo("127.0.0.1:26380,127.0.0.1:26381,127.0.0.1:26382");
		Setting port = ServiceSettings.of(ROOT, "reservation-worker").get("SECKILL_MANAGEMENT_PORT");
		assertThat(port.property()).isEqualTo("server.port");
		assertThat(port.defaultValue()).isEqualTo("8081");
	}

	@Test
	void relaxedVariableOfAProperty() {
		assertThat(ServiceSettings.relaxedVariable("seckill.relay.claim-idle")).isEqualTo("SECKILL_RELAY_CLAIM_IDLE");
	}

	@Test
	void javadocBecomesPlainText() {
		assertThat(ServiceSettings.description("answered {@code 410} from\n memory, see {@link SoldOutFlags}"))
			.isEqualTo("answered `410` from memory, see `SoldOutFlags`");
	}

	@Test
	void placeholdersAreDescribedByTheirComment(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("application.yml");
		Files.writeString(file, """
				server:
				  # the port
				  # of the server
				  port: ${SECKILL_X_PORT:8080}
				  address: ${SECKILL_X_ADDRESS:} # where it listens
				""");
		assertThat(ServiceSettings.placeholders("ingress", file)).containsExactly(
				new Setting("SECKILL_X_PORT", "server.port", "ingress", "8080", "the port of the server"),
				new Setting("SECKILL_X_ADDRESS", "server.address", "ingress", "", "where it listens"));
		Files.writeString(file, "server:\n  port: ${SECKILL_X_PORT:8080}\n");
		assertThatIllegalStateException().isThrownBy(() -> ServiceSettings.placeholders("ingress", file))
			.withMessageContaining("SECKILL_X_PORT needs a comment");
	}

	@Test
	void regionBetweenMarkersIsReplaced() {
		assertThat(SettingsDocumentation.replaceRegion("a\n<b>\nold\n</b>\nc\n", "<b>", "</b>", "new\n"))
			.isEqualTo("a\n<b>\nnew\n</b>\nc\n");
	}

}
