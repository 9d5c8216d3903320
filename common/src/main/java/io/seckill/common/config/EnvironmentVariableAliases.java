package io.seckill.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Environment variables whose names relaxed binding does not derive from the property
 * they set ({@code SECKILL_JWT_SECRET} for {@code seckill.security.jwt.secret}): each
 * module lists its own in {@value #LOCATION}, as {@code VARIABLE=property}, and a
 * variable that is set becomes its property, just below the environment itself. Every
 * other setting is read by relaxed binding alone ({@code SECKILL_RELAY_LINGER} is
 * {@code seckill.relay.linger}); defaults are the {@code @ConfigurationProperties}' own.
 */
public class EnvironmentVariableAliases implements EnvironmentPostProcessor, Ordered {

	/** Where each module lists its variables. */
	public static final String LOCATION = "META-INF/seckill/environment-variables.properties";

	static final String PROPERTY_SOURCE_NAME = "seckillEnvironmentVariableAliases";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> variables = sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (variables == null) {
			return;
		}
		Map<String, Object> properties = new LinkedHashMap<>();
		aliases(application.getClassLoader()).forEach((variable, property) -> {
			Object value = variables.getProperty(variable);
			if (value != null) {
				properties.put(property, value);
			}
		});
		if (!properties.isEmpty()) {
			sources.addAfter(variables.getName(), new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * The variables every module on the class path lists.
	 * @param classLoader where to look
	 * @return property names by variable name
	 */
	public static Map<String, String> aliases(ClassLoader classLoader) {
		Map<String, String> aliases = new LinkedHashMap<>();
		try {
			for (URL url : Collections.list(classLoader.getResources(LOCATION))) {
				Properties listed = new Properties();
				try (InputStream in = url.openStream()) {
					listed.load(in);
				}
				listed.stringPropertyNames().stream().sorted().forEach((variable) -> {
					String property = listed.getProperty(variable).trim();
					String other = aliases.putIfAbsent(variable, property);
					if (other != null && !other.equals(property)) {
						throw new IllegalStateException(
								variable + " is listed for both " + other + " and " + property + " (" + url + ")");
					}
				});
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + LOCATION, ex);
		}
		return aliases;
	}

}
