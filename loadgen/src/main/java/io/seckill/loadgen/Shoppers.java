package io.seckill.loadgen;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulated shoppers, numbered from 0, each with a token minted before the burst so
 * that signing costs nothing while the clock runs.
 */
final class Shoppers {

	private final String[] tokens;

	private Shoppers(String[] tokens) {
		this.tokens = tokens;
	}

	static Shoppers mint(DevTokens tokens, int count, Duration ttl, Instant now) {
		String[] minted = new String[count];
		for (int i = 0; i < count; i++) {
			minted[i] = tokens.mint(id(i), false, ttl, now);
		}
		return new Shoppers(minted);
	}

	/**
	 * The user id ({@code sub}) of a shopper.
	 * @param shopper the shopper's number
	 * @return for example {@code shopper-00042}
	 */
	static String id(int shopper) {
		return String.format("shopper-%05d", shopper + 1);
	}

	int count() {
		return this.tokens.length;
	}

	String token(int shopper) {
		return this.tokens[shopper];
	}

}
