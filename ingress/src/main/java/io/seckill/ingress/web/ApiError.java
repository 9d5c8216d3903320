package io.seckill.ingress.web;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.io.JsonStringEncoder;

/**
 * The body of every refusal.
 *
 * @param error stable machine-readable code
 * @param message a human sentence
 */
public record ApiError(String error, String message) {

	/**
	 * The body as JSON bytes, for answers written below Spring's codecs (the edge routes,
	 * the HTTP codec's refusals), where a full object mapper would be the costliest step.
	 * @return {@code {"error":...,"message":...}}
	 */
	public byte[] toJson() {
		StringBuilder json = new StringBuilder(32 + this.message.length()).append("{\"error\":\"");
		JsonStringEncoder.getInstance().quoteAsString(this.error, json);
		json.append("\",\"message\":\"");
		JsonStringEncoder.getInstance().quoteAsString(this.message, json);
		return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
	}

}
