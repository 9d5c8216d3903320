package io.seckill.ingress.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * The body of every refusal.
 *
 * @param error stable machine-readable code
 * @param message a human sentence
 * @param purchaseIds for {@code limit_reached}: the purchases the shopper made in the
 * sale, so a client that lost a {@code 202} (or gave up retrying a {@code 503}) can find
 * what it bought
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, @Nullable List<String> purchaseIds) {

	public ApiError(String error, String message) {
		this(error, message, null);
	}

	/**
	 * The body as JSON bytes, for answers written below Spring's codecs (the edge routes,
	 * the HTTP codec's refusals), where a full object mapper would be the costliest step.
	 * @return {@code {"error":...,"message":...}}
	 */
	public byte[] toJson() {
		StringBuilder json = new StringBuilder(32 + this.message.length()).append("{\"error\":");
		quoted(json, this.error);
		json.append(",\"message\":");
		quoted(json, this.message);
		if (this.purchaseIds != null) {
			json.append(",\"purchaseIds\":[");
			for (int i = 0; i < this.purchaseIds.size(); i++) {
				if (i > 0) {
					json.append(',');
				}
				quoted(json, this.purchaseIds.get(i));
			}
			json.append(']');
		}
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void quoted(StringBuilder json, String text) {
		json.append('"');
		JsonStringEncoder.getInstance().quoteAsString(text, json);
		json.append('"');
	}

}
