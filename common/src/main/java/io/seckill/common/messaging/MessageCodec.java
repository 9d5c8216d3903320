package io.seckill.common.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;

/**
 * Reads and writes the pipeline's messages: JSON records, as the generic Jackson message
 * converter writes them (content type {@code application/json}, UTF-8, the record's class
 * in {@code __TypeId__}, persistent), without its per-message type resolution, charset
 * lookups and header mapping. The reader of each record type is built once.
 */
public final class MessageCodec {

	/** The header the generic JSON converter names the payload's class in. */
	static final String TYPE_ID_HEADER = "__TypeId__";

	private static final String CONTENT_TYPE = MessageProperties.CONTENT_TYPE_JSON;

	private final JsonMapper jsonMapper;

	private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

	/**
	 * @param jsonMapper the services' configured mapper (unknown properties fail)
	 */
	public MessageCodec(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Reads a JSON delivery as a record of the given type, whatever its type header says.
	 * @param <T> the record type
	 * @param message the delivery
	 * @param type the record type
	 * @return the record
	 * @throws MessageConversionException if the delivery is not JSON or its body is not a
	 * valid {@code T} (a record's constructor refusing its values included): poison
	 */
	public <T> T read(Message message, Class<T> type) {
		MessageProperties properties = message.getMessageProperties();
		String contentType = properties.getContentType();
		if (contentType == null || !contentType.contains("json")) {
			throw new MessageConversionException("Expected a JSON " + type.getSimpleName() + " in message "
					+ properties.getMessageId() + " (content type " + contentType + ")");
		}
		try {
			T value = this.readers.computeIfAbsent(type, this.jsonMapper::readerFor).readValue(message.getBody());
			if (value == null) {
				throw new MessageConversionException(
						"Expected a JSON " + type.getSimpleName() + " in message " + properties.getMessageId());
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new MessageConversionException("Message " + properties.getMessageId() + " is not a valid "
					+ type.getSimpleName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Writes a record as a persistent JSON message.
	 * @param messageId the purchase id, set as the AMQP message id
	 * @param payload the record
	 * @return the message
	 * @throws MessageConversionException if the record cannot be written
	 */
	public Message write(String messageId, Object payload) {
		byte[] body;
		try {
			body = this.jsonMapper.writeValueAsBytes(payload);
		}
		catch (JacksonException ex) {
			throw new MessageConversionException("Cannot write " + payload.getClass().getSimpleName(), ex);
		}
		MessageProperties properties = new MessageProperties();
		properties.setContentType(CONTENT_TYPE);
		properties.setContentEncoding("UTF-8");
		properties.setContentLength(body.length);
		properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		properties.setMessageId(messageId);
		properties.setHeader(TYPE_ID_HEADER, payload.getClass().getName());
		return new Message(body, properties);
	}

}
