package io.seckill.ingress.room;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Waiting room ticket ids: 128 random bits from a {@link SecureRandom}, as 32 lowercase
 * hex digits. A ticket is stored in Redis under its sale and bound to its shopper there,
 * so an id nobody was handed names nothing, and guessing one is hopeless.
 */
public final class Tickets {

	private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private Tickets() {
	}

	/**
	 * Whether a value has the shape of a ticket id (and so may go into a Redis key).
	 * @param value the value
	 * @return {@code true} if it is 32 lowercase hex digits
	 */
	public static boolean isWellFormed(String value) {
		return value.length() == 32 && ID.matcher(value).matches();
	}

	static String newId() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * A random place among the early arrivals, drawn here because Redis seeds Lua's
	 * {@code math.random} alike for every script call.
	 * @return a number in [0, 1)
	 */
	static String earlyScore() {
		return Double.toString(RANDOM.nextDouble());
	}

}
