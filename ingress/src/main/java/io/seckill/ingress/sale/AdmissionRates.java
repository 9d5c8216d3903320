package io.seckill.ingress.sale;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A waiting room's {@code admissionRate}: a whole number of shoppers per second (1 to
 * {@value #MAX}) or the text {@code "automatic"} ({@link WaitingRoom#AUTOMATIC}).
 */
final class AdmissionRates extends ValueDeserializer<Integer> {

	static final int MAX = 100_000;

	static final String RULE = "must be a whole number of shoppers per second from 1 to " + MAX + ", or \"automatic\"";

	@Override
	public Integer deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.hasToken(JsonToken.VALUE_STRING)) {
			String text = parser.getString();
			if ("automatic".equals(text)) {
				return WaitingRoom.AUTOMATIC;
			}
			return (Integer) context.handleWeirdStringValue(Integer.class, text, RULE);
		}
		if (parser.hasToken(JsonToken.VALUE_NUMBER_INT) && parser.getNumberType() == JsonParser.NumberType.INT) {
			int value = parser.getIntValue();
			if (value >= 1 && value <= MAX) {
				return value;
			}
		}
		return (Integer) context.handleWeirdStringValue(Integer.class, parser.getString(), RULE);
	}

}
