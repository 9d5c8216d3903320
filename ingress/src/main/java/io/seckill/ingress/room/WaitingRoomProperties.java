package io.seckill.ingress.room;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Waiting rooms (issue 11).
 *
 * @param tick how often this ingress advances every waiting room's serving counter and
 * tells its long-polls; several ingresses tick safely together
 * @param maxWait the longest {@code ?wait=} a poll may ask for
 * @param automaticInitialRate the "automatic" admission rate per second until admission
 * control has measured a round trip
 */
@Validated
@ConfigurationProperties("seckill.waiting-room")
record WaitingRoomProperties(@DefaultValue("250ms") Duration tick, @DefaultValue("30s") Duration maxWait,
		@DefaultValue("50") double automaticInitialRate) {

	WaitingRoomProperties {
		if (tick.toMillis() < 10 || tick.toSeconds() > 10) {
			throw new IllegalArgumentException("seckill.waiting-room.tick must be 10ms to 10s, not " + tick);
		}
		if (maxWait.isNegative() || maxWait.toSeconds() > 120) {
			throw new IllegalArgumentException("seckill.waiting-room.max-wait must be 0 to 120s, not " + maxWait);
		}
		if (!(automaticInitialRate > 0)) {
			throw new IllegalArgumentException(
					"seckill.waiting-room.automatic-initial-rate must be positive, not " + automaticInitialRate);
		}
	}

}
