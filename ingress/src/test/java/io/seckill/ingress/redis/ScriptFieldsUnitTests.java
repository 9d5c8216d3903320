package io.seckill.ingress.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.seckill.common.redis.OutboxEntry;
import io.seckill.common.redis.PurchaseHash;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field names the Lua scripts write and read are the ones the Java side names
 * ({@link PurchaseHash}, {@link OutboxEntry}): Redis has no shared constants, so this
 * test reads each script's source and compares.
 */
class ScriptFieldsUnitTests {

	private static final Set<String> HASH_COMMANDS = Set.of("'HSET'", "'HGET'", "'HMGET'", "'HEXISTS'");

	@ParameterizedTest
	@CsvSource({ "scripts/purchase.lua, KEYS[5]", "scripts/restore-purchase.lua, KEYS[4]",
			"scripts/confirm-purchase.lua, KEYS[1]", "scripts/reject-purchase.lua, KEYS[1]",
			"scripts/expire-purchase.lua, KEYS[1]", "scripts/mark-paid.lua, KEYS[1]" })
	void scriptsNameOnlyThePurchaseHashFieldsJavaKnows(String script, String purchaseKey) throws IOException {
		Set<String> named = new TreeSet<>();
		for (List<String> call : redisCalls(read(script))) {
			if (HASH_COMMANDS.contains(call.get(0)) && call.get(1).equals(purchaseKey)) {
				boolean hset = call.get(0).equals("'HSET'");
				for (int i = 2; i < call.size(); i += hset ? 2 : 1) {
					named.add(unquote(call.get(i)));
				}
			}
		}
		assertThat(named).isNotEmpty();
		assertThat(PurchaseHash.FIELDS).containsAll(named);
	}

	@Test
	void theAcceptingScriptsWriteThePurchaseHashFieldsInTheOrderJavaLists() throws IOException {
		List<String> accepted = PurchaseHash.FIELDS.subList(0, 5);
		assertThat(hashWrite(read("scripts/purchase.lua"), "KEYS[5]")).containsExactlyElementsOf(accepted);
		assertThat(hashWrite(read("scripts/restore-purchase.lua"), "KEYS[4]")).containsExactlyElementsOf(accepted);
	}

	@ParameterizedTest
	@CsvSource({ "scripts/purchase.lua", "scripts/restore-purchase.lua" })
	void scriptsWriteTheOutboxFieldsTheRelayReads(String script) throws IOException {
		List<List<String>> adds = redisCalls(read(script)).stream()
			.filter((call) -> call.get(0).equals("'XADD'"))
			.toList();
		assertThat(adds).hasSize(1);
		List<String> call = adds.get(0);
		assertThat(call.get(2)).isEqualTo("'*'");
		List<String> fields = new ArrayList<>();
		for (int i = 3; i < call.size(); i += 2) {
			fields.add(unquote(call.get(i)));
		}
		assertThat(fields).containsExactlyElementsOf(OutboxEntry.FIELDS);
	}

	private static List<String> hashWrite(String source, String key) {
		List<String> fields = new ArrayList<>();
		for (List<String> call : redisCalls(source)) {
			if (call.get(0).equals("'HSET'") && call.get(1).equals(key)) {
				for (int i = 2; i < call.size(); i += 2) {
					fields.add(unquote(call.get(i)));
				}
			}
		}
		return fields;
	}

	/** The arguments of every {@code redis.call(...)}, split at top-level commas. */
	private static List<List<String>> redisCalls(String source) {
		List<List<String>> calls = new ArrayList<>();
		String opening = "redis.call(";
		for (int at = source.indexOf(opening); at >= 0; at = source.indexOf(opening, at + 1)) {
			List<String> arguments = new ArrayList<>();
			int depth = 0;
			boolean quoted = false;
			StringBuilder argument = new StringBuilder();
			for (int i = at + opening.length(); i < source.length(); i++) {
				char c = source.charAt(i);
				if (c == '\'') {
					quoted = !quoted;
				}
				else if (!quoted && c == '(') {
					depth++;
				}
				else if (!quoted && c == ')' && depth-- == 0) {
					break;
				}
				else if (!quoted && c == ',' && depth == 0) {
					arguments.add(argument.toString().strip());
					argument.setLength(0);
					continue;
				}
				argument.append(c);
			}
			arguments.add(argument.toString().strip());
			calls.add(arguments);
		}
		return calls;
	}

	private static String unquote(String literal) {
		assertThat(literal).as("a field name written as a literal").startsWith("'").endsWith("'");
		return literal.substring(1, literal.length() - 1);
	}

	private static String read(String location) throws IOException {
		try (InputStream in = ScriptFieldsUnitTests.class.getClassLoader().getResourceAsStream(location)) {
			assertThat(in).as(location).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
