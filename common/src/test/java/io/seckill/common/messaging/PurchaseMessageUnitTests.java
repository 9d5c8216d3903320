package io.seckill.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

class PurchaseMessageUnitTests {

	private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

	@Test
	void purchaseAcceptedRefusesWhatDescribesNoPurchase() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PurchaseAccepted("p-1", "sale-1", "user-1", 0, NOW));
		assertThatIllegalArgumentException().isThrownBy(() -> new PurchaseAccepted(" ", "sale-1", "user-1", 1, NOW));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PurchaseAccepted("p".repeat(37), "sale-1", "user-1", 1, NOW));
		assertThatIllegalArgumentException().isThrownBy(() -> new PurchaseAccepted("p-1", "sale-1", "", 1, NOW));
		assertThatIllegalArgumentException().isThrownBy(() -> new PurchaseAccepted(null, "sale-1", "user-1", 1, NOW));
		assertThatNoException().isThrownBy(() -> new PurchaseAccepted("p".repeat(36), "sale-1", "user-1", 1, NOW));
	}

	@Test
	void reservationConfirmedRefusesWhatDescribesNoReservation() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReservationConfirmed("p-1", "sale-1", "user-1", 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new ReservationConfirmed("", "sale-1", "user-1", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new ReservationConfirmed("p-1", " ", "user-1", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new ReservationConfirmed("p-1", "sale-1", null, 1));
	}

	@Test
	void aJsonMessageLackingAFieldIsUnreadable() {
		MessageCodec codec = new MessageCodec(JsonMapper.builder().build());
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		Message message = new Message(
				"{\"purchaseId\":\"p-1\",\"saleId\":\"sale-1\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8),
				properties);

		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> codec.read(message, ReservationConfirmed.class));
		assertThat(DeliveryFailure.of(catchFailure(codec, message))).isEqualTo(DeliveryFailure.POISON);
	}

	private static Throwable catchFailure(MessageCodec codec, Message message) {
		return catchThrowable(() -> codec.read(message, ReservationConfirmed.class));
	}

}
