package io.seckill.ingress.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The {@code ?wait=} of a long-poll (issue 11): whole seconds, with or without an
 * {@code s} ({@code 20s}, {@code 20}); longer than the server allows is cut to that.
 */
public final class Waits {

	private static final Pattern SECONDS = Pattern.compile("(\\d{1,4})s?");

	private Waits() {
	}

	/**
	 * Reads a wait.
	 * @param wait the parameter, or {@code null} for none
	 * @param max the longest wait allowed
	 * @return the wait, {@link Duration#ZERO} without one
	 * @throws ApiException {@code 400 invalid_wait} if it is not whole seconds
	 */
	public static Duration parse(@Nullable String wait, Duration max) {
		if (wait == null) {
			return Duration.ZERO;
		}
		Matcher matcher = SECONDS.matcher(wait);
		if (!matcher.matches()) {
			throw ApiException.badRequest("invalid_wait",
					"wait must be whole seconds such as 20s, at most " + max.toSeconds() + ".");
		}
		Duration asked = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
		return (asked.compareTo(max) > 0) ? max : asked;
	}

}
