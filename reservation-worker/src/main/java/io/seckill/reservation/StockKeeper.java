package io.seckill.reservation;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.purchase.RejectionReason;

/**
 * Decides, in one database transaction, whether a purchase that Redis accepted really
 * gets its items. The database is the authority: Redis may have accepted more than exists
 * after it lost writes in a failover.
 *
 * <p>
 * The shopper's quota row is taken before the sale's row, which every worker updates: the
 * sale row stays locked only from its update to the commit. The order-worker's expiry
 * locks them in the same order, so the two cannot deadlock.
 */
@Service
class StockKeeper {

	private final ReservationRepository repository;

	StockKeeper(ReservationRepository repository) {
		this.repository = repository;
	}

	/**
	 * Reserves the purchase's items, or records why not; a purchase seen before keeps its
	 * first decision and moves no stock.
	 * @param purchase what Redis accepted
	 * @param now when the decision is taken
	 * @return the decision
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * the same purchase decided first; this transaction is then rolled back and calling
	 * again returns that decision
	 */
	@Transactional
	Decision reserve(PurchaseAccepted purchase, Instant now) {
		Optional<Reservation> earlier = this.repository.findReservation(purchase.purchaseId());
		if (earlier.isPresent()) {
			Reservation reservation = earlier.get();
			return new Decision(reservation, true, remainingIfRejected(reservation));
		}
		Decision decision = decide(purchase);
		this.repository.insert(decision.reservation(), now);
		return decision;
	}

	private Decision decide(PurchaseAccepted purchase) {
		OptionalInt perUserLimit = this.repository.findPerUserLimit(purchase.saleId());
		if (perUserLimit.isEmpty()) {
			return rejected(purchase, RejectionReason.UNKNOWN_SALE);
		}
		if (!this.repository.takeQuota(purchase.saleId(), purchase.userId(), purchase.quantity(),
				perUserLimit.getAsInt())) {
			return rejected(purchase, RejectionReason.LIMIT_REACHED);
		}
		if (!this.repository.takeStock(purchase.saleId(), purchase.quantity())) {
			this.repository.giveBackQuota(purchase.saleId(), purchase.userId(), purchase.quantity());
			return rejected(purchase, RejectionReason.SOLD_OUT);
		}
		Reservation reserved = Reservation.reserved(purchase.purchaseId(), purchase.saleId(), purchase.userId(),
				purchase.quantity());
		return new Decision(reserved, false, 0);
	}

	private Decision rejected(PurchaseAccepted purchase, RejectionReason reason) {
		Reservation rejected = Reservation.rejected(purchase.purchaseId(), purchase.saleId(), purchase.userId(),
				purchase.quantity(), reason);
		return new Decision(rejected, false, remainingIfRejected(rejected));
	}

	private long remainingIfRejected(Reservation reservation) {
		return reservation.isReserved() ? 0 : this.repository.remainingStock(reservation.saleId()).orElse(0);
	}

	/**
	 * What {@link #reserve} decided.
	 *
	 * @param reservation the decision, as recorded
	 * @param redelivered whether it had been recorded before this call
	 * @param databaseRemaining for a rejection, the stock the database had left; what
	 * Redis' view of the sale is capped at. Zero for a reservation.
	 */
	record Decision(Reservation reservation, boolean redelivered, long databaseRemaining) {
	}

}
