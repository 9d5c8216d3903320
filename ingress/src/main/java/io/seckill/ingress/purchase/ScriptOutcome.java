package io.seckill.ingress.purchase;

import java.util.Arrays;
import java.util.List;

/**
 * What the purchase script answered.
 *
 * @param code the script's code (see {@code purchase.lua})
 * @param value the purchase id or the detail that goes with the code
 * @param held for {@link Code#LIMIT}: the purchases the shopper made in the sale
 */
record ScriptOutcome(Code code, String value, List<String> held) {

	ScriptOutcome(Code code, String value) {
		this(code, value, List.of());
	}

	/**
	 * Reads the script's reply: {@code {code, value}} or, for {@code LIMIT},
	 * {@code {code, value, purchase ids}}.
	 * @param reply the reply
	 * @return the outcome
	 */
	static ScriptOutcome of(List<Object> reply) {
		Code code = Code.valueOf((String) reply.get(0));
		String value = (String) reply.get(1);
		if (reply.size() < 3 || ((String) reply.get(2)).isEmpty()) {
			return new ScriptOutcome(code, value);
		}
		return new ScriptOutcome(code, value, Arrays.asList(((String) reply.get(2)).split(",")));
	}

	enum Code {

		ACCEPTED, REPLAY, KEY_REUSED, RATE_LIMITED, NO_SALE, NOT_STARTED, ENDED, TOO_MANY, LIMIT, SOLD_OUT,

		/** Waiting room refusals (issue 11). */
		NOT_ADMITTED, TICKET_INVALID, TICKET_NOT_YOURS, TICKET_USED, TICKET_EXPIRED

	}

}
