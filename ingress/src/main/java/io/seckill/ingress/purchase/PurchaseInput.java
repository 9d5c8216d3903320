package io.seckill.ingress.purchase;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.sale.SaleIds;
import io.seckill.ingress.web.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * What a purchase request must carry, read from its raw parts, in the order a client is
 * told about them: the body's type ({@code 415}), what the client accepts ({@code 406}),
 * the Idempotency-Key ({@code 400}), the body ({@code 400}). Strict JSON comes from the
 * application's {@link JsonMapper} (unknown, duplicate or mistyped fields, trailing data,
 * deep nesting, the literal {@code null}: all refused).
 */
final class PurchaseInput {

	/**
	 * No sale allows more per shopper (the sale's own limit is the script's to check).
	 */
	static final int MAX_QUANTITY = 100;

	private static final String PREFIX = "/api/sales/";

	private static final String SUFFIX = "/purchases";

	private static final String QUANTITY = "quantity";

	private PurchaseInput() {
	}

	/**
	 * The sale id of a purchase address {@code /api/sales/{saleId}/purchases} whose id is
	 * well formed, as sent (no decoding); anything else is left to Spring WebFlux and its
	 * firewall, which answer it as before (404 for an odd id, 400 for traversal).
	 * @param uri the request target, query included
	 * @return the sale id, or {@code null}
	 */
	static @Nullable String saleId(String uri) {
		int end = uri.indexOf('?');
		if (end < 0) {
			end = uri.length();
		}
		if (!uri.startsWith(PREFIX) || end - SUFFIX.length() <= PREFIX.length()
				|| !uri.startsWith(SUFFIX, end - SUFFIX.length())) {
			return null;
		}
		String saleId = uri.substring(PREFIX.length(), end - SUFFIX.length());
		return SaleIds.isValid(saleId) ? saleId : null;
	}

	/**
	 * Checks the body's type: JSON, unless there is no body at all.
	 * @param contentType the {@code Content-Type} header
	 * @param hasBody whether the request declares a body
	 * @throws ApiException {@code 415} otherwise
	 */
	static void requireJson(@Nullable String contentType, boolean hasBody) {
		if (contentType == null) {
			if (hasBody) {
				throw unsupported();
			}
			return;
		}
		MediaType type;
		try {
			type = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw unsupported();
		}
		if (!MediaType.APPLICATION_JSON.includes(type) || type.isWildcardSubtype()) {
			throw unsupported();
		}
	}

	/**
	 * Checks that the client accepts JSON, the only thing this API answers.
	 * @param accept the {@code Accept} headers
	 * @throws ApiException {@code 406} if it does not, {@code 400} if the header is
	 * unreadable
	 */
	static void requireAcceptsJson(List<String> accept) {
		if (accept.isEmpty()) {
			return;
		}
		String first = accept.get(0);
		if (accept.size() == 1 && ("*/*".equals(first) || "application/json".equals(first))) {
			return;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			throw ApiException.badRequest("bad_request", "The Accept header is malformed.");
		}
		for (MediaType type : types) {
			if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && type.getQualityValue() > 0) {
				return;
			}
		}
		throw new ApiException(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This API answers application/json only.");
	}

	/**
	 * The one Idempotency-Key of the request.
	 * @param values the header's values
	 * @return the key
	 * @throws ApiException {@code 400} if missing, repeated or outside its shape
	 */
	static String idempotencyKey(List<String> values) {
		if (values.isEmpty() || (values.size() == 1 && values.get(0).isBlank())) {
			throw ApiException.badRequest("missing_idempotency_key", "The header Idempotency-Key is required.");
		}
		if (values.size() > 1 || !IdempotencyKeys.isValid(values.get(0))) {
			throw ApiException.badRequest("invalid_idempotency_key", IdempotencyKeys.RULE);
		}
		return values.get(0);
	}

	/**
	 * The quantity the body asks for.
	 * @param body the body, empty when there was none
	 * @param json the application's strict mapper
	 * @return 1 to {@value #MAX_QUANTITY}
	 * @throws ApiException {@code 400 malformed_body} if it is not the expected JSON,
	 * {@code 400 invalid_quantity} if the quantity is out of range
	 */
	static int quantity(byte[] body, JsonMapper json) {
		if (body.length == 0) {
			return 1;
		}
		Integer quantity;
		try (JsonParser parser = json.createParser(body)) {
			quantity = read(parser);
		}
		catch (JacksonException ex) {
			throw malformed();
		}
		int wanted = (quantity != null) ? quantity : 1;
		if (wanted < 1 || wanted > MAX_QUANTITY) {
			throw invalidQuantity(null);
		}
		return wanted;
	}

	/**
	 * Walks the tokens of {@code {"quantity": N}} with the application's parser (its read
	 * constraints: nesting depth, number length) instead of binding a record through the
	 * object mapper, which costs more than the rest of reading the request: one object,
	 * at most the one known field, once, a plain JSON integer that fits an int or
	 * {@code null}, and nothing after it.
	 */
	private static @Nullable Integer read(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw malformed();
		}
		Integer quantity = null;
		boolean seen = false;
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			if (seen || !QUANTITY.equals(parser.currentName())) {
				throw malformed();
			}
			seen = true;
			JsonToken value = parser.nextToken();
			if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
				quantity = parser.getIntValue();
			}
			else if (value != JsonToken.VALUE_NULL) {
				throw malformed();
			}
		}
		if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
			throw malformed();
		}
		return quantity;
	}

	/**
	 * The refusal of a quantity outside 1 and the sale's per-user limit.
	 * @param limit the sale's limit, if known
	 * @return the refusal
	 */
	static ApiException invalidQuantity(@Nullable String limit) {
		return ApiException.badRequest("invalid_quantity", "quantity must be between 1 and the sale's per-user limit"
				+ ((limit != null) ? " of " + limit : "") + ".");
	}

	private static ApiException malformed() {
		return ApiException.badRequest("malformed_body",
				"The request body is not valid JSON of the expected shape (unknown or mistyped fields are refused).");
	}

	private static ApiException unsupported() {
		return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
				"Send the body as application/json.");
	}

}
