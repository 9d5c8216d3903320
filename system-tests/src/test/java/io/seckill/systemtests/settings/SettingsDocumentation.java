package io.seckill.systemtests.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.seckill.systemtests.settings.ServiceSettings.Setting;

/**
 * The generated parts of the docs: the README's settings table and the service settings
 * of {@code compose/.env.example}, each between its begin and end markers; the rest of
 * both files is written by hand. Regenerate with {@code ./seckill settings}.
 */
final class SettingsDocumentation {

	static final String README = "README.md";

	static final String ENV_EXAMPLE = "compose/.env.example";

	static final String README_BEGIN = "<!-- settings:begin (generated from the services' configuration metadata by"
			+ " ./seckill settings; edit the @ConfigurationProperties Javadoc or the application files instead) -->";

	static final String README_END = "<!-- settings:end -->";

	static final String ENV_BEGIN = "# settings:begin (generated from the services' configuration metadata by"
			+ " ./seckill settings)";

	static final String ENV_END = "# settings:end";

	/** ${VAR}, ${VAR:-default}, ${VAR:?message} of the compose file. */
	private static final Pattern INTERPOLATION = Pattern
		.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\\?)([^}]*))?}");

	private static final int WIDTH = 100;

	private SettingsDocumentation() {
	}

	/**
	 * What each generated file should hold.
	 * @param root the repository
	 * @return file contents by path relative to the repository
	 */
	static Map<String, String> expected(Path root) {
		List<Setting> settings = ServiceSettings.all(root);
		Map<String, String> files = new LinkedHashMap<>();
		files.put(README, replaceRegion(ServiceSettings.read(root.resolve(README)), README_BEGIN, README_END,
				readmeTable(settings)));
		String compose = ServiceSettings.read(root.resolve("compose/docker-compose.yml"));
		files.put(ENV_EXAMPLE, replaceRegion(ServiceSettings.read(root.resolve(ENV_EXAMPLE)), ENV_BEGIN, ENV_END,
				envExample(settings, compose)));
		return files;
	}

	static String readmeTable(List<Setting> settings) {
		StringBuilder table = new StringBuilder();
		table.append("| variable | service | default | meaning | property |\n");
		table.append("| --- | --- | --- | --- | --- |\n");
		for (Setting setting : settings) {
			table.append("| `")
				.append(setting.variable())
				.append("` | ")
				.append(setting.services())
				.append(" | ")
				.append(cell((setting.defaultValue() == null || setting.defaultValue().isEmpty()) ? "none"
						: "`" + setting.defaultValue() + "`"))
				.append(" | ")
				.append(cell(setting.description()))
				.append(" | `")
				.append(setting.property())
				.append("` |\n");
		}
		return table.toString();
	}

	/**
	 * The service settings the compose file passes on from {@code .env}, in the order it
	 * names them, each with the value the compose file gives it when {@code .env} does
	 * not (empty: required, or nothing).
	 */
	static String envExample(List<Setting> settings, String compose) {
		Map<String, List<Setting>> byVariable = new LinkedHashMap<>();
		settings.forEach(
				(setting) -> byVariable.computeIfAbsent(setting.variable(), (key) -> new ArrayList<>()).add(setting));
		Set<String> done = new LinkedHashSet<>();
		StringBuilder text = new StringBuilder();
		Matcher interpolation = INTERPOLATION.matcher(compose);
		while (interpolation.find()) {
			String variable = interpolation.group(1);
			List<Setting> read = byVariable.get(variable);
			if (read == null || !done.add(variable)) {
				continue;
			}
			Setting setting = read.get(0);
			String services = String.join(", ", read.stream().map(Setting::services).distinct().toList());
			String serviceDefault = (setting.defaultValue() == null || setting.defaultValue().isEmpty()) ? "none"
					: setting.defaultValue();
			String required = ":?".equals(interpolation.group(2)) ? ", required" : "";
			comment(text,
					services + required + ": " + setting.description() + " (service default: " + serviceDefault + ")");
			String value = ":-".equals(interpolation.group(2)) ? interpolation.group(3) : "";
			text.append(variable).append('=').append(value).append('\n');
		}
		return text.toString();
	}

	static String replaceRegion(String text, String begin, String end, String content) {
		int start = text.indexOf(begin);
		int stop = text.indexOf(end);
		if (start < 0 || stop < start) {
			throw new IllegalStateException("Markers missing: " + begin + " ... " + end);
		}
		return text.substring(0, start + begin.length()) + "\n" + content + text.substring(stop);
	}

	private static void comment(StringBuilder text, String sentence) {
		StringBuilder line = new StringBuilder("#");
		for (String word : sentence.split(" ")) {
			if (line.length() + 1 + word.length() > WIDTH && line.length() > 1) {
				text.append(line).append('\n');
				line = new StringBuilder("#");
			}
			line.append(' ').append(word);
		}
		text.append(line).append('\n');
	}

	private static String cell(String text) {
		return text.replace("|", "\\|");
	}

}
