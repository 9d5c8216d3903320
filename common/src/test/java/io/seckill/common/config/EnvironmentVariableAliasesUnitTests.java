package io.seckill.common.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.seckill.common.redis.SeckillRedisProperties;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentVariableAliasesUnitTests {

	@Test
	void listedVariableSetsItsProperty() {
		StandardEnvironment environment = environment(Map.of("SECKILL_REDIS_MASTER", "other"));
		assertThat(redis(environment).masterName()).isEqualTo("other");
	}

	@Test
	void unsetVariableLeavesTheDefault() {
		StandardEnvironment environment = environment(Map.of());
		assertThat(redis(environment).masterName()).isEqualTo("seckill");
		assertThat(environment.getPropertySources().contains(EnvironmentVariableAliases.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void relaxedNameOfThePropertyWins() {
		StandardEnvironment environment = environment(
				Map.of("SECKILL_REDIS_MASTER", "listed", "SECKILL_REDIS_MASTERNAME", "relaxed"));
		assertThat(redis(environment).masterName()).isEqualTo("relaxed");
	}

	@Test
	void systemPropertyWinsOverTheVariable() {
		StandardEnvironment environment = environment(Map.of("SECKILL_REDIS_MASTER", "listed"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("system", Map.of("seckill.redis.master-name", "property")));
		assertThat(redis(environment).masterName()).isEqualTo("property");
	}

	@Test
	void otherSettingsAreReadByRelaxedBinding() {
		StandardEnvironment environment = environment(
				Map.of("SECKILL_REDIS_SENTINELS", "a:1,b:2", "SECKILL_REDIS_PURCHASE_TTL", "1d"));
		SeckillRedisProperties redis = redis(environment);
		assertThat(redis.sentinels()).containsExactly("a:1", "b:2");
		assertThat(redis.purchaseTtl()).hasDays(1);
	}

	@Test
	void commonListsItsVariables() {
		assertThat(EnvironmentVariableAliases.aliases(getClass().getClassLoader()))
			.containsEntry("SECKILL_REDIS_MASTER", "seckill.redis.master-name");
	}

	private static StandardEnvironment environment(Map<String, Object> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		new EnvironmentVariableAliases().postProcessEnvironment(environment, new SpringApplication());
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	private static SeckillRedisProperties redis(StandardEnvironment environment) {
		return Binder.get(environment).bindOrCreate("seckill.redis", SeckillRedisProperties.class);
	}

}
