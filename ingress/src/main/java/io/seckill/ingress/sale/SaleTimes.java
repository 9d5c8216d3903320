package io.seckill.ingress.sale;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A sale's times as the contract states them: ISO-8601 UTC text between the years 2000
 * and 9999 (what every database the sales table lives in can store). A number (epoch
 * seconds? milliseconds?) is refused rather than guessed at, and so is text Jackson would
 * read into an instant no database holds (issue 12, items 12 and 14).
 */
final class SaleTimes extends ValueDeserializer<Instant> {

	static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	/** The rule in words, for error messages. */
	static final String RULE = "must be an ISO-8601 UTC time such as 2026-11-25T10:00:00Z, between the years 2000 and 9999";

	@Override
	public Instant deserialize(JsonParser parser, DeserializationContext context) {
		if (!parser.hasToken(JsonToken.VALUE_STRING)) {
			return (Instant) context.handleUnexpectedToken(Instant.class, parser);
		}
		String text = parser.getString();
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			return (Instant) context.handleWeirdStringValue(Instant.class, text, RULE);
		}
	}

	static boolean inRange(Instant time) {
		return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
	}

}
