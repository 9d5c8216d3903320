package io.seckill.common.sale;

import java.util.regex.Pattern;

/**
 * What a sale id may look like: it becomes part of Redis keys, URLs and file names. The
 * one statement of the rule: the ingress validates requests with it, the load generator
 * its {@code --sale-id}, and {@code ./seckill} asks the load generator.
 */
public final class SaleIds {

	/**
	 * Regular expression a sale id must match. It starts with a letter or digit: "." and
	 * ".." would be valid ids no URL can reach.
	 */
	public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	/** The rule in words, for error messages. */
	public static final String RULE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

	private static final Pattern COMPILED = Pattern.compile(PATTERN);

	private SaleIds() {
	}

	/**
	 * Whether a path value can be a sale id.
	 * @param value the value
	 * @return {@code true} if it matches {@link #PATTERN}
	 */
	public static boolean isValid(String value) {
		return COMPILED.matcher(value).matches();
	}

}
