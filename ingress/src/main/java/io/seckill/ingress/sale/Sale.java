package io.seckill.ingress.sale;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A sale's fixed settings. Never changes once created, so the ingress may cache it.
 *
 * @param saleId id chosen by the admin
 * @param item what is sold
 * @param stock items for sale
 * @param perUserLimit most items one shopper may buy
 * @param startsAt first instant purchases are accepted
 * @param endsAt first instant purchases are refused again
 * @param waitingRoom its waiting room, if it has one (issue 11)
 */
public record Sale(String saleId, String item, int stock, int perUserLimit, Instant startsAt, Instant endsAt,
		@Nullable WaitingRoom waitingRoom) {

	/**
	 * A sale without a waiting room.
	 * @param saleId id chosen by the admin
	 * @param item what is sold
	 * @param stock items for sale
	 * @param perUserLimit most items one shopper may buy
	 * @param startsAt first instant purchases are accepted
	 * @param endsAt first instant purchases are refused again
	 */
	public Sale(String saleId, String item, int stock, int perUserLimit, Instant startsAt, Instant endsAt) {
		this(saleId, item, stock, perUserLimit, startsAt, endsAt, null);
	}

	/**
	 * The status a shopper sees at a given moment.
	 * @param now the moment
	 * @param remaining items left
	 * @return SCHEDULED, OPEN, SOLD_OUT or ENDED
	 */
	public SaleStatus statusAt(Instant now, long remaining) {
		if (now.isBefore(this.startsAt)) {
			return SaleStatus.SCHEDULED;
		}
		if (!now.isBefore(this.endsAt)) {
			return SaleStatus.ENDED;
		}
		return (remaining > 0) ? SaleStatus.OPEN : SaleStatus.SOLD_OUT;
	}

}
