package io.seckill.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MessageCodecUnitTests {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final PurchaseAccepted PURCHASE = new PurchaseAccepted("p-1", "sale-1", "user-1", 2,
			Instant.parse("2026-12-03T10:00:00Z"));

	private final MessageCodec codec = new MessageCodec(MAPPER);

	@Test
	void writesWhatTheGenericJsonConverterWritesAndReadsItBack() {
		Message message = this.codec.write("p-1", PURCHASE);
		Message generic = new JacksonJsonMessageConverter(MAPPER).toMessage(PURCHASE, new MessageProperties());

		assertThat(message.getBody()).isEqualTo(generic.getBody());
		MessageProperties properties = message.getMessageProperties();
		assertThat(properties.getContentType()).isEqualTo(generic.getMessageProperties().getContentType());
		assertThat(properties.getContentEncoding()).isEqualTo(generic.getMessageProperties().getContentEncoding());
		assertThat(properties.getHeaders()).containsAllEntriesOf(generic.getMessageProperties().getHeaders());
		assertThat(properties.getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
		assertThat(properties.getMessageId()).isEqualTo("p-1");
		assertThat(this.codec.read(message, PurchaseAccepted.class)).isEqualTo(PURCHASE);
	}

	@Test
	void readsWhateverTheTypeHeaderSays() {
		Message message = this.codec.write("p-1", PURCHASE);
		message.getMessageProperties().setHeader(MessageCodec.TYPE_ID_HEADER, "java.lang.String");

		assertThat(this.codec.read(message, PurchaseAccepted.class)).isEqualTo(PURCHASE);
	}

	@Test
	void refusesWhatIsNotAJsonRecordOfTheType() {
		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> this.codec.read(json("{"), PurchaseAccepted.class));
		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> this.codec.read(json("null"), PurchaseAccepted.class));
		assertThatExceptionOfType(MessageConversionException.class).isThrownBy(() -> this.codec.read(
				json("{\"purchaseId\":\"p-1\",\"saleId\":\"s\",\"userId\":\"u\",\"quantity\":1,\"extra\":1}"),
				ReservationConfirmed.class));
		Message text = json("{}");
		text.getMessageProperties().setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> this.codec.read(text, PurchaseAccepted.class));
	}

	private static Message json(String body) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
	}

}
