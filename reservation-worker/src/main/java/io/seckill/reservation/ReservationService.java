package io.seckill.reservation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import io.seckill.common.messaging.ConfirmedPublisher;
import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.messaging.SeckillTopology;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.common.redis.RejectPurchaseScript;
import io.seckill.common.redis.ScriptMode;

/**
 * Processes one accepted purchase: the database decides, then the decision travels on. A
 * reservation goes to the order-worker; a rejection goes straight to Redis, where the
 * shopper polls and where the sale's stock view is corrected.
 *
 * <p>
 * Safe to run again for the same purchase at any point: a redelivery finds the recorded
 * decision and only sends it on again, and everything downstream is idempotent.
 */
@Service
class ReservationService {

	private final StockKeeper stockKeeper;

	private final ConfirmedPublisher publisher;

	private final RejectPurchaseScript rejectPurchase;

	private final Clock clock;

	ReservationService(StockKeeper stockKeeper, ConfirmedPublisher publisher, RejectPurchaseScript rejectPurchase,
			Clock clock) {
		this.stockKeeper = stockKeeper;
		this.publisher = publisher;
		this.rejectPurchase = rejectPurchase;
		this.clock = clock;
	}

	/**
	 * Decides the purchase and sends the decision on.
	 * @param purchase what Redis accepted
	 * @return how it went
	 */
	Outcome process(PurchaseAccepted purchase) {
		StockKeeper.Decision decision = decide(purchase);
		sendOn(decision);
		return outcome(decision);
	}

	/**
	 * Decides a batch in one database transaction, then sends the decisions on: the
	 * reservations to the order-worker as one confirmed publish, the rejections to Redis.
	 * Each purchase's decision is sent once per batch.
	 * @param purchases what Redis accepted, in delivery order
	 * @return one outcome per purchase, in the same order
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * one of the purchases decided first; nothing was recorded
	 */
	List<Outcome> processAll(List<PurchaseAccepted> purchases) {
		List<StockKeeper.Decision> decisions = this.stockKeeper.reserveAll(purchases, this.clock.instant());
		List<ConfirmedPublisher.Outgoing> confirmations = new ArrayList<>();
		List<StockKeeper.Decision> rejections = new ArrayList<>();
		Set<String> sent = new HashSet<>();
		for (StockKeeper.Decision decision : decisions) {
			Reservation reservation = decision.reservation();
			if (!sent.add(reservation.purchaseId())) {
				continue;
			}
			if (reservation.isReserved()) {
				confirmations.add(new ConfirmedPublisher.Outgoing(reservation.purchaseId(), confirmed(reservation)));
			}
			else {
				rejections.add(decision);
			}
		}
		if (!confirmations.isEmpty()) {
			this.publisher.publishAll(SeckillTopology.ORDERS_ROUTING_KEY, confirmations);
		}
		rejections.forEach(this::sendOn);
		return decisions.stream().map(ReservationService::outcome).toList();
	}

	private static Outcome outcome(StockKeeper.Decision decision) {
		if (decision.redelivered()) {
			return Outcome.DUPLICATE;
		}
		return decision.reservation().isReserved() ? Outcome.RESERVED : Outcome.REJECTED;
	}

	private static ReservationConfirmed confirmed(Reservation reservation) {
		return new ReservationConfirmed(reservation.purchaseId(), reservation.saleId(), reservation.userId(),
				reservation.quantity());
	}

	private StockKeeper.Decision decide(PurchaseAccepted purchase) {
		try {
			return this.stockKeeper.reserve(purchase, this.clock.instant());
		}
		catch (DuplicateKeyException ex) {
			// Another consumer got a redelivery of this purchase and recorded its
			// decision
			// first; ours was rolled back, stock and quota included. Now the row is
			// there.
			return this.stockKeeper.reserve(purchase, this.clock.instant());
		}
	}

	private void sendOn(StockKeeper.Decision decision) {
		Reservation reservation = decision.reservation();
		if (reservation.isReserved()) {
			this.publisher.publish(SeckillTopology.ORDERS_ROUTING_KEY, reservation.purchaseId(),
					confirmed(reservation));
		}
		else {
			this.rejectPurchase.reject(
					new PurchaseItems(reservation.purchaseId(), reservation.saleId(), reservation.userId(),
							reservation.quantity()),
					reservation.rejectionReason(), decision.databaseRemaining(), ScriptMode.LIVE);
		}
	}

	/**
	 * How processing a message went; the {@code outcome} tag of the message metric.
	 */
	enum Outcome {

		/** Stock was reserved and the order-worker told. */
		RESERVED,

		/** The database refused and Redis was told. */
		REJECTED,

		/** The decision existed already and was sent on again. */
		DUPLICATE

	}

}
