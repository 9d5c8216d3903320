package io.seckill.ingress.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Lua script has one owner (issue 13): the one class of the main code that loads
 * it, so that its keys and arguments are built in one place. A second place that loads a
 * script by its path could call it with arguments of its own, which is how an expiry
 * replay once ran without its {@code replay} argument.
 */
class ScriptOwnersUnitTests {

	/** Functions that other scripts include, not a script of its own. */
	private static final String LIBRARY = "room-lib.lua";

	private static final List<String> MODULES = List.of("common", "ingress", "reservation-worker", "order-worker");

	@Test
	void eachScriptIsLoadedByExactlyOneClassOfTheMainCode() throws IOException {
		Path root = repositoryRoot();
		List<String> scripts = new ArrayList<>();
		for (String module : List.of("common", "ingress")) {
			try (Stream<Path> files = Files.list(root.resolve(module).resolve("src/main/resources/scripts"))) {
				files.map((file) -> file.getFileName().toString())
					.filter((name) -> name.endsWith(".lua") && !name.equals(LIBRARY))
					.forEach(scripts::add);
			}
		}
		Map<String, List<String>> loaders = new TreeMap<>();
		scripts.forEach((script) -> loaders.put(script, new ArrayList<>()));
		for (String module : MODULES) {
			try (Stream<Path> sources = Files.walk(root.resolve(module).resolve("src/main/java"))) {
				for (Path source : sources.filter((file) -> file.toString().endsWith(".java")).toList()) {
					String text = Files.readString(source);
					for (String script : scripts) {
						if (text.contains("\"scripts/" + script + "\"")) {
							loaders.get(script).add(source.getFileName().toString());
						}
					}
				}
			}
		}

		assertThat(scripts).contains("purchase.lua", "expire-purchase.lua", "reject-purchase.lua");
		assertThat(loaders).allSatisfy((script, classes) -> assertThat(classes).as(script).hasSize(1));
	}

	private static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isDirectory(directory.resolve("common/src/main/resources/scripts"))) {
			directory = directory.getParent();
		}
		assertThat(directory).as("a parent directory holding common/src/main/resources/scripts").isNotNull();
		return directory;
	}

}
