package io.seckill.ingress.sale;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The {@code waitingRoom} object of {@code POST /api/admin/sales}.
 *
 * @param admissionRate shoppers admitted per second, or {@code "automatic"}
 * @param preQueueSeconds how long before {@code startsAt} tickets are handed out, 0 to
 * 86,400 (default 600)
 * @param admissionWindowSeconds how long an admitted shopper may purchase, 10 to 3,600
 * (default 120)
 */
record WaitingRoomRequest(@NotNull @JsonDeserialize(using = AdmissionRates.class) Integer admissionRate,
		@Nullable @Min(0) @Max(86_400) Integer preQueueSeconds,
		@Nullable @Min(10) @Max(3_600) Integer admissionWindowSeconds) {

	WaitingRoom toWaitingRoom() {
		Duration preQueue = (this.preQueueSeconds != null) ? Duration.ofSeconds(this.preQueueSeconds)
				: WaitingRoom.DEFAULT_PRE_QUEUE;
		Duration window = (this.admissionWindowSeconds != null) ? Duration.ofSeconds(this.admissionWindowSeconds)
				: WaitingRoom.DEFAULT_ADMISSION_WINDOW;
		return new WaitingRoom(this.admissionRate, preQueue, window);
	}

}
