package io.seckill.loadgen;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Options of one subcommand: {@code --name value}, {@code --name=value}, or
 * {@code --flag} for the names declared as flags. Asking for an option marks it known;
 * {@link #rejectUnknown()} then refuses anything else that was given, so a typo never
 * silently runs with a default.
 */
final class Arguments {

	private final Map<String, String> values;

	private final Set<String> flags;

	private final Set<String> known = new HashSet<>();

	private Arguments(Map<String, String> values, Set<String> flags) {
		this.values = values;
		this.flags = flags;
	}

	/**
	 * Parses the options that follow a subcommand.
	 * @param args the options
	 * @param flags names (without {@code --}) that take no value
	 * @return the parsed options
	 * @throws UsageException on a stray word, a missing value or a repeated option
	 */
	static Arguments parse(String[] args, Set<String> flags) {
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--") || arg.length() == 2) {
				throw new UsageException("unexpected argument '" + arg + "'");
			}
			String name = arg.substring(2);
			String value;
			int equals = name.indexOf('=');
			if (equals >= 0) {
				value = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			else if (flags.contains(name)) {
				value = "true";
			}
			else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
				value = args[++i];
			}
			else {
				throw new UsageException("--" + name + " needs a value");
			}
			if (values.putIfAbsent(name, value) != null) {
				throw new UsageException("--" + name + " is given twice");
			}
		}
		return new Arguments(values, flags);
	}

	boolean flag(String name) {
		this.known.add(name);
		String value = this.values.get(name);
		if (value == null) {
			return false;
		}
		if (!value.equals("true") && !value.equals("false")) {
			throw new UsageException("--" + name + " is true or false, not '" + value + "'");
		}
		return Boolean.parseBoolean(value);
	}

	@Nullable String string(String name) {
		this.known.add(name);
		return this.values.get(name);
	}

	String string(String name, String defaultValue) {
		String value = string(name);
		return (value != null) ? value : defaultValue;
	}

	String required(String name) {
		String value = string(name);
		if (value == null || value.isBlank()) {
			throw new UsageException("--" + name + " is required");
		}
		return value;
	}

	/**
	 * An integer option within bounds.
	 * @param name the option
	 * @param defaultValue used when the option is absent
	 * @param min smallest accepted value
	 * @param max largest accepted value
	 * @return the value
	 */
	int integer(String name, int defaultValue, int min, int max) {
		String value = string(name);
		if (value == null) {
			return defaultValue;
		}
		int parsed;
		try {
			parsed = Integer.parseInt(value.replace("_", ""));
		}
		catch (NumberFormatException ex) {
			throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
		}
		if (parsed < min || parsed > max) {
			throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + parsed);
		}
		return parsed;
	}

	void rejectUnknown() {
		for (String name : this.values.keySet()) {
			if (!this.known.contains(name) && !this.flags.contains(name)) {
				throw new UsageException("unknown option --" + name);
			}
		}
	}

}
