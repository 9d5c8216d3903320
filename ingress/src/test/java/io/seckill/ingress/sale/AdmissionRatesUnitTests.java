package io.seckill.ingress.sale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AdmissionRatesUnitTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void readsAWholeRate() {
		assertThat(read("{\"admissionRate\":40}").admissionRate()).isEqualTo(40);
	}

	@Test
	void readsAutomatic() {
		assertThat(read("{\"admissionRate\":\"automatic\"}").admissionRate()).isEqualTo(WaitingRoom.AUTOMATIC);
	}

	@Test
	void refusesZeroFractionsTextAndHugeRates() {
		for (String rate : new String[] { "0", "-1", "1.5", "\"fast\"", "100001", "true" }) {
			assertThatExceptionOfType(DatabindException.class)
				.isThrownBy(() -> read("{\"admissionRate\":" + rate + "}"))
				.as(rate);
		}
	}

	@Test
	void defaultsTheWindows() {
		WaitingRoom room = read("{\"admissionRate\":5}").toWaitingRoom();

		assertThat(room.preQueue()).isEqualTo(WaitingRoom.DEFAULT_PRE_QUEUE);
		assertThat(room.admissionWindow()).isEqualTo(WaitingRoom.DEFAULT_ADMISSION_WINDOW);
	}

	private WaitingRoomRequest read(String body) {
		return this.json.readValue(body, WaitingRoomRequest.class);
	}

}
