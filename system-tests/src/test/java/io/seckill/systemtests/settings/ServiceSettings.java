package io.seckill.systemtests.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every environment variable the services read, gathered from where each is declared
 * once: Seckill's own settings from the configuration metadata the build writes for each
 * module's {@code @ConfigurationProperties} (default and Javadoc), named by relaxed
 * binding or by the module's {@code META-INF/seckill/environment-variables.properties};
 * Spring Boot's settings from the {@code ${SECKILL_...:default}} placeholders of the
 * application files, described by the comment on or above their line.
 */
public final class ServiceSettings {

	/** The modules that run as services, in the order the docs list them. */
	public static final List<String> SERVICES = List.of("ingress", "reservation-worker", "order-worker");

	/** The module whose settings every service shares. */
	public static final String SHARED = "common";

	private static final String METADATA = "target/classes/META-INF/spring-configuration-metadata.json";

	private static final String ALIASES = "src/main/resources/META-INF/seckill/environment-variables.properties";

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(SECKILL_[A-Z0-9_]+)(?::([^}]*))?}");

	private static final Pattern KEY = Pattern.compile("^( *)([a-z][a-z0-9-]*):(.*)$");

	private ServiceSettings() {
	}

	/**
	 * One variable.
	 *
	 * @param variable the environment variable
	 * @param property the property it sets
	 * @param module {@link #SHARED} or the service that reads it
	 * @param defaultValue what applies when it is not set, {@code null} for nothing
	 * @param description what it means
	 */
	public record Setting(String variable, String property, String module, @Nullable String defaultValue,
			String description) {

		boolean appliesTo(String service) {
			return this.module.equals(SHARED) || this.module.equals(service);
		}

		/**
		 * @return the service column of the docs
		 */
		public String services() {
			return this.module.equals(SHARED) ? "all" : this.module;
		}

	}

	/**
	 * The checkout these tests run in: the nearest directory up from the working one that
	 * holds {@code compose/docker-compose.yml}.
	 * @return its path
	 */
	public static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isRegularFile(directory.resolve("compose/docker-compose.yml"))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IllegalStateException(
					"no parent directory of " + Path.of("").toAbsolutePath() + " holds compose/docker-compose.yml");
		}
		return directory;
	}

	/**
	 * The settings of every module, shared ones first, each module's by variable.
	 * @param root the repository
	 * @return the settings
	 */
	public static List<Setting> all(Path root) {
		List<Setting> settings = new ArrayList<>();
		settings.addAll(module(root, SHARED, "seckill-shared.yml"));
		for (String service : SERVICES) {
			settings.addAll(module(root, service, "application.yml"));
		}
		return settings;
	}

	/**
	 * What one service reads.
	 * @param root the repository
	 * @param service the service's module
	 * @return its settings by variable
	 */
	public static Map<String, Setting> of(Path root, String service) {
		if (!SERVICES.contains(service)) {
			throw new IllegalArgumentException(service + " is not one of " + SERVICES);
		}
		return all(root).stream()
			.filter((setting) -> setting.appliesTo(service))
			.collect(Collectors.toMap(Setting::variable, (setting) -> setting, (a, b) -> {
				throw new IllegalStateException(service + " reads " + a.variable() + " twice: " + a + ", " + b);
			}, LinkedHashMap::new));
	}

	/**
	 * The variable relaxed binding reads for a property: upper case, dots and dashes as
	 * underscores ({@code seckill.relay.claim-idle} is {@code SECKILL_RELAY_CLAIM_IDLE}).
	 * @param property a property name
	 * @return its variable
	 */
	public static String relaxedVariable(String property) {
		return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	private static List<Setting> module(Path root, String module, String applicationFile) {
		Path directory = root.resolve(module);
		List<Setting> settings = new ArrayList<>(
				placeholders(module, directory.resolve("src/main/resources").resolve(applicationFile)));
		Map<String, String> variables = new LinkedHashMap<>();
		aliases(directory.resolve(ALIASES)).forEach((variable, property) -> variables.put(property, variable));
		Map<String, JsonNode> properties = metadata(directory.resolve(METADATA));
		variables.keySet().forEach((property) -> {
			if (!properties.containsKey(property)) {
				throw new IllegalStateException(module + "'s " + ALIASES + " names " + property
						+ ", which is no @ConfigurationProperties property of " + module);
			}
		});
		properties.forEach((property, node) -> {
			String variable = variables.getOrDefault(property, relaxedVariable(property));
			settings.add(new Setting(variable, property, module,
					defaultValue(node.get("defaultValue"), node.path("type").asString("")),
					description(node.path("description").asString(""))));
		});
		settings.sort(Comparator.comparing(Setting::variable));
		return settings;
	}

	private static Map<String, JsonNode> metadata(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException(file + " is missing: it is written when the module compiles"
					+ " (./mvnw -pl system-tests -am test-compile)");
		}
		JsonNode metadata = JsonMapper.builder().build().readTree(read(file));
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		metadata.path("properties").forEach((property) -> properties.put(property.get("name").asString(), property));
		return properties;
	}

	private static Map<String, String> aliases(Path file) {
		Properties aliases = new Properties();
		if (Files.isRegularFile(file)) {
			try (Reader reader = Files.newBufferedReader(file)) {
				aliases.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		Map<String, String> sorted = new LinkedHashMap<>();
		aliases.stringPropertyNames().stream().sorted().forEach((name) -> sorted.put(name, aliases.getProperty(name)));
		return sorted;
	}

	/**
	 * The placeholders of an application file, with the property each is in and the
	 * comment that describes it: at the end of its line, else the lines right above.
	 */
	static List<Setting> placeholders(String module, Path file) {
		List<Setting> settings = new ArrayList<>();
		Deque<String[]> path = new ArrayDeque<>();
		List<String> comment = new ArrayList<>();
		for (String line : read(file).split("\n", -1)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#")) {
				comment.add(trimmed.substring(1).strip());
				continue;
			}
			Matcher key = KEY.matcher(line);
			if (!key.matches()) {
				comment.clear();
				continue;
			}
			String indent = key.group(1);
			while (!path.isEmpty() && path.peek()[0].length() >= indent.length()) {
				path.pop();
			}
			path.push(new String[] { indent, key.group(2) });
			String value = key.group(3);
			int hash = value.indexOf(" #");
			String trailing = (hash >= 0) ? value.substring(hash + 2).strip() : null;
			Matcher placeholder = PLACEHOLDER.matcher((hash >= 0) ? value.substring(0, hash) : value);
			while (placeholder.find()) {
				String description = (trailing != null) ? trailing : String.join(" ", comment);
				if (description.isBlank()) {
					throw new IllegalStateException(file + ": " + placeholder.group(1)
							+ " needs a comment on its line or right above it, for the docs");
				}
				settings
					.add(new Setting(placeholder.group(1), property(path), module, placeholder.group(2), description));
			}
			comment.clear();
		}
		return settings;
	}

	private static String property(Deque<String[]> path) {
		List<String> keys = new ArrayList<>();
		path.descendingIterator().forEachRemaining((entry) -> keys.add(entry[1]));
		return String.join(".", keys);
	}

	/**
	 * A default as an environment variable would give it: a list comma-separated. The
	 * processor writes a record's list default as its {@code toString()},
	 * {@code "[a, b]"}.
	 */
	private static @Nullable String defaultValue(@Nullable JsonNode value, String type) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(",", items);
		}
		String text = value.asString();
		if (type.startsWith("java.util.List<") && text.startsWith("[") && text.endsWith("]")) {
			return text.substring(1, text.length() - 1).replace(", ", ",");
		}
		return text;
	}

	/** Javadoc as plain text: {@code {@code x}} as {@code `x`}, one line. */
	static String description(String javadoc) {
		return javadoc.replaceAll("\\{@(?:code|literal) ([^}]*)}", "`$1`")
			.replaceAll("\\{@link(?:plain)? (?:[\\w.]*#)?([^} ]*)[^}]*}", "`$1`")
			.replaceAll("\\s+", " ")
			.strip();
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

}
