package io.seckill.ingress.purchase;

import java.util.regex.Pattern;

/**
 * What an {@code Idempotency-Key} may look like: it becomes part of a Redis key.
 */
final class IdempotencyKeys {

	private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:-]{8,100}");

	/** The rule in words, for error messages. */
	static final String RULE = "Idempotency-Key must be 8-100 letters, digits, '.', '_', ':' or '-' (a UUID is ideal).";

	private IdempotencyKeys() {
	}

	static boolean isValid(String value) {
		return PATTERN.matcher(value).matches();
	}

}
