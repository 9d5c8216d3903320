package io.seckill.ingress.purchase;

/**
 * What the purchase script answered.
 *
 * @param code the script's code (see {@code purchase.lua})
 * @param value the purchase id or the detail that goes with the code
 */
record ScriptOutcome(Code code, String value) {

	enum Code {

		ACCEPTED, REPLAY, KEY_REUSED, RATE_LIMITED, NO_SALE, NOT_STARTED, ENDED, TOO_MANY, LIMIT, SOLD_OUT

	}

}
