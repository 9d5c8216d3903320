package io.seckill.ingress.purchase;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.ingress.web.ApiException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Thousands of generated purchase requests through what the purchase route reads them
 * with ({@link PurchaseInput}, with Jackson as the application configures it): for every
 * input, either the quantity the client meant or a documented {@code 400}, never anything
 * else. Valid bodies are known by construction, so the oracle does not reuse the parser
 * under test. Inputs come from a seeded generator ({@code -Dfuzz.seed=N} replays a run;
 * the seed is in every assertion message). The route's own HTTP handling of the same
 * rules is covered against a running ingress ({@code PurchaseRouteIntegrationTests}).
 */
@JsonTest
class PurchaseInputUnitTests {

	private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());

	private static final Pattern ALLOWED_KEY_CHARS = Pattern.compile("[A-Za-z0-9._:-]*");

	private final Random random = new Random(SEED);

	@Autowired
	private JsonMapper json;

	@Test
	void constructedBodyIsAcceptedExactlyWhenValidWithTheMeantQuantity() {
		for (int i = 0; i < 2000; i++) {
			Body body = constructedBody();
			if (body.quantity() != null) {
				assertThat(quantity(body.json())).as(seeded(body.json())).isEqualTo(body.quantity());
			}
			else {
				assertRefusal(() -> quantity(body.json()), body.error(), body.json());
			}
		}
	}

	@Test
	void arbitraryTextIsEitherAQuantityFrom1To100OrA400() {
		for (int i = 0; i < 1500; i++) {
			String body = arbitraryBody();
			ApiException refusal = catchThrowableOfType(ApiException.class, () -> {
				int quantity = quantity(body);
				assertThat(quantity).as(seeded(body)).isBetween(1, 100);
			});
			if (refusal != null) {
				assertThat(refusal.status().value()).as(seeded(body)).isEqualTo(400);
				assertThat(refusal.getMessage()).as(seeded(body)).isNotBlank();
			}
		}
	}

	@Test
	void quantityIsAcceptedFrom1To100Only() {
		for (int i = 0; i < 300; i++) {
			int quantity = (this.random.nextBoolean()) ? this.random.nextInt(-5, 110) : this.random.nextInt();
			String body = "{\"quantity\":" + quantity + "}";
			if (quantity >= 1 && quantity <= 100) {
				assertThat(quantity(body)).as(seeded(body)).isEqualTo(quantity);
			}
			else {
				assertRefusal(() -> quantity(body), "invalid_quantity", body);
			}
		}
	}

	@Test
	void noBodyMeansOneItem() {
		assertThat(PurchaseInput.quantity(new byte[0], this.json)).isEqualTo(1);
		assertThat(quantity("{}")).isEqualTo(1);
		assertThat(quantity("{\"quantity\":null}")).as("null is the same as leaving it out").isEqualTo(1);
		assertRefusal(() -> quantity("null"), "malformed_body", "null");
	}

	@Test
	void idempotencyKeyIsAcceptedOnlyInItsShape() {
		for (int i = 0; i < 700; i++) {
			String key = idempotencyKey();
			boolean valid = key.length() >= 8 && key.length() <= 100 && ALLOWED_KEY_CHARS.matcher(key).matches();
			if (valid) {
				assertThat(PurchaseInput.idempotencyKey(List.of(key))).as(seeded(key)).isEqualTo(key);
			}
			else {
				// A blank header reads as missing: either way a 400 that names the key.
				assertRefusal(() -> PurchaseInput.idempotencyKey(List.of(key)),
						key.isBlank() ? "missing_idempotency_key" : "invalid_idempotency_key", key);
			}
		}
		assertRefusal(() -> PurchaseInput.idempotencyKey(List.of()), "missing_idempotency_key", "(none)");
		assertRefusal(() -> PurchaseInput.idempotencyKey(List.of("key-0000001", "key-0000002")),
				"invalid_idempotency_key", "(two)");
	}

	@Test
	void purchaseAddressIsTakenOnlyForAWellFormedSaleId() {
		for (int i = 0; i < 700; i++) {
			String saleId = saleId();
			boolean valid = saleId.length() >= 1 && saleId.length() <= 64 && Character.isLetterOrDigit(saleId.charAt(0))
					&& saleId.charAt(0) < 128 && saleId.chars()
						.allMatch((c) -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-');
			String uri = "/api/sales/" + saleId + "/purchases";
			assertThat(PurchaseInput.saleId(uri)).as(seeded(saleId)).isEqualTo(valid ? saleId : null);
		}
		assertThat(PurchaseInput.saleId("/api/sales/phone-drop/purchases?x=1")).isEqualTo("phone-drop");
		assertThat(PurchaseInput.saleId("/api/sales/phone-drop")).isNull();
		assertThat(PurchaseInput.saleId("/api/sales/a/b/purchases")).isNull();
		assertThat(PurchaseInput.saleId("/api/sales//purchases")).isNull();
		assertThat(PurchaseInput.saleId("/api/sales/..%2Fadmin/purchases")).isNull();
	}

	@Test
	void bodyMustBeJsonUnlessThereIsNone() {
		PurchaseInput.requireJson("application/json", true);
		PurchaseInput.requireJson("application/json; charset=UTF-8", true);
		PurchaseInput.requireJson(null, false);
		for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
				"multipart/form-data; boundary=x", "application/*", "*/*", "application/json-patch+json", "nonsense")) {
			assertRefusal(() -> PurchaseInput.requireJson(type, true), "unsupported_media_type", type);
		}
		assertRefusal(() -> PurchaseInput.requireJson(null, true), "unsupported_media_type", "(none)");
	}

	@Test
	void clientMustAcceptJson() {
		for (String accept : List.of("*/*", "application/json", "application/*", "text/html, application/json;q=0.5",
				"application/json;charset=UTF-8")) {
			PurchaseInput.requireAcceptsJson(List.of(accept));
		}
		assertRefusal(() -> PurchaseInput.requireAcceptsJson(List.of("text/html")), "not_acceptable", "text/html");
		assertRefusal(() -> PurchaseInput.requireAcceptsJson(List.of("application/json;q=0")), "not_acceptable", "q=0");
		assertRefusal(() -> PurchaseInput.requireAcceptsJson(List.of("\u00d1\u008e/x")), "bad_request", "non-ASCII");
	}

	private int quantity(String body) {
		return PurchaseInput.quantity(body.getBytes(StandardCharsets.UTF_8), this.json);
	}

	private static void assertRefusal(Runnable read, @Nullable String error, String input) {
		ApiException refusal = catchThrowableOfType(ApiException.class, read::run);
		assertThat(refusal).as(seeded(input)).isNotNull();
		assertThat(refusal.getMessage()).as(seeded(input)).isNotBlank();
		if (error != null) {
			assertThat(refusal.code()).as(seeded(input)).isEqualTo(error);
		}
	}

	private static String seeded(String input) {
		return "input <" + input + "> (replay with -Dfuzz.seed=" + SEED + ")";
	}

	private Body constructedBody() {
		List<Field> fields = new ArrayList<>();
		int count = this.random.nextInt(4);
		for (int i = 0; i < count; i++) {
			fields.add(new Field(pick(KEYS), value()));
		}
		List<String> spaces = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			spaces.add(text(" \t\r\n", 0, 3));
		}
		String trailer = (this.random.nextInt(11) < 8) ? "" : pick(List.of(" x", "{}", ","));
		return Body.of(fields, spaces, trailer);
	}

	private String arbitraryBody() {
		return switch (this.random.nextInt(3)) {
			case 0 -> anyText(60);
			case 1 -> text("{}[]\":,.-+0123456789eEtrufalsn quantity\\", 0, 40);
			default -> {
				String valid = pick(List.of("{\"quantity\":1}", "{\"quantity\":100}", "{}"));
				int position = Math.min(this.random.nextInt(17), valid.length());
				yield valid.substring(0, position) + anyChar() + valid.substring(position);
			}
		};
	}

	private String idempotencyKey() {
		return this.random.nextBoolean()
				? text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-", 0, 110)
				: text("ab1._:-/\\{}*?[] %$|;'\"\u00e9\u4e2d", 0, 110);
	}

	private String saleId() {
		String id;
		do {
			id = this.random.nextBoolean() ? text("abcdefghijklmnopqrstuvwxyz0123456789._-", 1, 70)
					: text("ab1._-{}*?:$|'\"\u00e9\u4e2d\u0660 ", 1, 70);
		}
		while (id.equals(".") || id.equals(".."));
		return id;
	}

	private static final List<String> KEYS = List.of("quantity", "quantity", "quantity", "quantity", "quantity",
			"quantity", "\\u0071uantity", "Quantity", "QUANTITY", "qty", "price", "userId", "saleId", "", " quantity",
			"quantity ", "quantity\\u0000", "__proto__");

	private Value value() {
		int roll = this.random.nextInt(14);
		int n = this.random.nextBoolean() ? this.random.nextInt(-5, 111) : this.random.nextInt();
		if (roll < 8) {
			return new Value(Integer.toString(n), n, false);
		}
		if (roll < 12) {
			return new Value(pick(List.of(n + ".0", n + ".5", n + "e0", "1E+1", "\"" + n + "\"", "[" + n + "]",
					"{\"n\":" + n + "}", "true", "false", "0" + Math.abs(n), "+" + n, "0x10", "NaN", "Infinity",
					"99999999999999999999", "1_0", "'1'", "\"\"")), null, false);
		}
		return (roll == 12) ? new Value("-0", 0, false) : new Value("null", null, true);
	}

	private <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	private String text(String alphabet, int minLength, int maxLength) {
		int length = minLength + this.random.nextInt(maxLength - minLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private String anyText(int maxLength) {
		int length = this.random.nextInt(maxLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(anyChar());
		}
		return text.toString();
	}

	private char anyChar() {
		// Mostly ASCII, sometimes anything a char can hold (control, surrogate, BMP).
		return (char) (this.random.nextInt(4) == 0 ? this.random.nextInt(Character.MAX_VALUE + 1)
				: this.random.nextInt(128));
	}

	/**
	 * A JSON value and what it means as a quantity.
	 *
	 * @param text the JSON text
	 * @param number the int it is, if it is a plain JSON integer that fits an int
	 * @param isNull whether it is {@code null} (the same as leaving quantity out)
	 */
	record Value(String text, @Nullable Integer number, boolean isNull) {
	}

	record Field(String key, Value value) {

		boolean isQuantity() {
			// The escape spells "quantity" too: the parser sees the same name.
			return this.key.equals("quantity") || this.key.equals("\\u0071uantity");
		}

	}

	/**
	 * A generated body with its expected outcome.
	 *
	 * @param json the body
	 * @param quantity what the script must be called with, or {@code null} if refused
	 * @param error the expected error code when refused
	 */
	record Body(String json, @Nullable Integer quantity, @Nullable String error) {

		static Body of(List<Field> fields, List<String> spaces, String trailer) {
			StringBuilder json = new StringBuilder(spaces.get(0)).append('{').append(spaces.get(1));
			List<String> members = new ArrayList<>();
			for (int i = 0; i < fields.size(); i++) {
				Field field = fields.get(i);
				members.add("\"" + field.key() + "\"" + spaces.get(2 + i) + ":" + spaces.get(5) + field.value().text());
			}
			json.append(String.join("," + spaces.get(6), members)).append(spaces.get(7)).append('}').append(trailer);
			return new Body(json.toString(), expectedQuantity(fields, trailer), expectedError(fields, trailer));
		}

		private static boolean wellFormed(List<Field> fields, String trailer) {
			long quantities = fields.stream().filter(Field::isQuantity).count();
			boolean onlyQuantity = fields.stream().allMatch(Field::isQuantity);
			boolean numbersOrNull = fields.stream()
				.allMatch((field) -> field.value().number() != null || field.value().isNull());
			return trailer.isEmpty() && onlyQuantity && quantities <= 1 && numbersOrNull;
		}

		private static @Nullable Integer expectedQuantity(List<Field> fields, String trailer) {
			if (!wellFormed(fields, trailer)) {
				return null;
			}
			Integer quantity = fields.stream()
				.map((field) -> field.value().number())
				.filter(Objects::nonNull)
				.findFirst()
				.orElse(1);
			return (quantity >= 1 && quantity <= 100) ? quantity : null;
		}

		private static String expectedError(List<Field> fields, String trailer) {
			return wellFormed(fields, trailer) ? "invalid_quantity" : "malformed_body";
		}

	}

}
