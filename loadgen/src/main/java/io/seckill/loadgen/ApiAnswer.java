package io.seckill.loadgen;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * What ingress answered to one call.
 *
 * @param status the HTTP status, or {@link #NO_ANSWER} when the call failed before one
 * came
 * @param body the JSON body, a missing node when there was none or it was not JSON
 * @param failure why there was no answer, when {@code status} is {@link #NO_ANSWER}
 */
record ApiAnswer(int status, JsonNode body, @Nullable String failure) {

	/** Status recorded for a connection refused, a reset, a timeout. */
	static final int NO_ANSWER = 0;

	static ApiAnswer of(int status, JsonNode body) {
		return new ApiAnswer(status, body, null);
	}

	static ApiAnswer failed(String failure) {
		return new ApiAnswer(NO_ANSWER, MissingNode.getInstance(), failure);
	}

	/**
	 * A text field of the body.
	 * @param field the field name
	 * @return its value, or {@code null} when absent or not text
	 */
	@Nullable String text(String field) {
		JsonNode node = this.body.path(field);
		return node.isString() ? node.stringValue() : null;
	}

	/**
	 * A short description for error messages: the status and the body's error fields.
	 * @return for example {@code 409 sale_exists: A sale with this id exists.}
	 */
	String describe() {
		if (this.status == NO_ANSWER) {
			return "no answer (" + this.failure + ")";
		}
		String error = text("error");
		String message = text("message");
		return this.status + ((error != null) ? " " + error : "") + ((message != null) ? ": " + message : "");
	}

}
