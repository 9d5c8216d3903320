package io.seckill.ingress.sale;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A sale as shoppers see it (DESIGN.md, {@code GET /api/sales/{saleId}}); a sale with a
 * waiting room also shows its settings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SaleView(String saleId, String item, int stock, long remaining, SaleStatus status, int perUserLimit,
		Instant startsAt, Instant endsAt, @Nullable RoomView waitingRoom) {

	static SaleView of(Sale sale, long remaining, Instant now) {
		return new SaleView(sale.saleId(), sale.item(), sale.stock(), remaining, sale.statusAt(now, remaining),
				sale.perUserLimit(), sale.startsAt(), sale.endsAt(), RoomView.of(sale.waitingRoom()));
	}

	/**
	 * A waiting room's settings as the admin gave them.
	 *
	 * @param admissionRate shoppers per second, or {@code "automatic"}
	 * @param preQueueSeconds how long before the opening tickets are handed out
	 * @param admissionWindowSeconds how long an admitted shopper may purchase
	 */
	record RoomView(Object admissionRate, long preQueueSeconds, long admissionWindowSeconds) {

		static @Nullable RoomView of(@Nullable WaitingRoom room) {
			if (room == null) {
				return null;
			}
			Object rate = room.automatic() ? "automatic" : room.ratePerSecond();
			return new RoomView(rate, room.preQueue().toSeconds(), room.admissionWindow().toSeconds());
		}

	}

}
