package io.seckill.ingress.sale;

/**
 * What a sale id may look like: it becomes part of Redis keys and URLs.
 */
public final class SaleIds {

	/**
	 * Regular expression a sale id must match. It starts with a letter or digit: "." and
	 * ".." would be valid ids no URL can reach.
	 */
	public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	/** The rule in words, for error messages. */
	public static final String RULE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

	private static final java.util.regex.Pattern COMPILED = java.util.regex.Pattern.compile(PATTERN);

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
