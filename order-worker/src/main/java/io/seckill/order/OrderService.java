package io.seckill.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import io.seckill.common.messaging.ReservationConfirmed;
import io.seckill.common.redis.ConfirmPurchaseScript;

/**
 * Creates the order for a reservation and tells Redis, where the shopper polls, that the
 * purchase is confirmed.
 *
 * <p>
 * Safe to run again for the same purchase: the order is keyed by purchase id, and the
 * Redis script never moves a purchase back from {@code PAID} or {@code EXPIRED}.
 */
@Service
class OrderService {

	private final OrderRepository repository;

	private final ConfirmPurchaseScript confirmPurchase;

	private final OrderProperties properties;

	private final Clock clock;

	OrderService(OrderRepository repository, ConfirmPurchaseScript confirmPurchase, OrderProperties properties,
			Clock clock) {
		this.repository = repository;
		this.confirmPurchase = confirmPurchase;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Creates the order, unless the purchase has one, and confirms the purchase in Redis.
	 * @param reservation what the database reserved
	 * @return how it went
	 */
	Outcome process(ReservationConfirmed reservation) {
		OrderRepository.PlacedOrder placed = place(reservation);
		this.confirmPurchase.confirm(confirmation(placed));
		return placed.created() ? Outcome.CREATED : Outcome.DUPLICATE;
	}

	/**
	 * Creates the orders of a batch in one database transaction, then confirms every
	 * purchase in Redis in one pipeline. A purchase that appears twice in the batch gets
	 * one order; its second message counts as a duplicate.
	 * @param reservations what the database reserved, in delivery order
	 * @return one outcome per reservation, in the same order
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * one of the purchases stored its order first; nothing was stored
	 */
	List<Outcome> processAll(List<ReservationConfirmed> reservations) {
		Instant now = this.clock.instant();
		Instant deadline = now.plus(this.properties.paymentTimeout());
		Map<String, Order> orders = new LinkedHashMap<>();
		for (ReservationConfirmed reservation : reservations) {
			orders.putIfAbsent(reservation.purchaseId(), Order.awaitingPayment(reservation, deadline));
		}
		List<OrderRepository.PlacedOrder> placed = this.repository.insertAllIfAbsent(List.copyOf(orders.values()), now);
		// Worth its round trip (issue 13 item 2): one pipelined EVALSHA per batch, and it
		// is what ends PENDING in Redis. Without it a purchase's long-poll, which wakes
		// on the status in Redis, would sleep through its order being made, and a poll
		// of a young purchase, answered from Redis, would say PENDING after the order
		// existed. Polls of CONFIRMED then read MySQL, which has the payment state.
		this.confirmPurchase.confirmAll(placed.stream().map(OrderService::confirmation).toList());
		Set<String> created = new HashSet<>();
		for (OrderRepository.PlacedOrder order : placed) {
			if (order.created()) {
				created.add(order.order().purchaseId());
			}
		}
		List<Outcome> outcomes = new ArrayList<>(reservations.size());
		for (ReservationConfirmed reservation : reservations) {
			// remove: only a purchase's first message in the batch created its order.
			outcomes.add(created.remove(reservation.purchaseId()) ? Outcome.CREATED : Outcome.DUPLICATE);
		}
		return outcomes;
	}

	private static ConfirmPurchaseScript.Confirmation confirmation(OrderRepository.PlacedOrder placed) {
		return new ConfirmPurchaseScript.Confirmation(placed.order().purchaseId(), placed.order().orderId());
	}

	private OrderRepository.PlacedOrder place(ReservationConfirmed reservation) {
		try {
			return placeNew(reservation);
		}
		catch (DuplicateKeyException ex) {
			// Another consumer got a redelivery of this purchase and stored its order
			// first.
			return placeNew(reservation);
		}
	}

	private OrderRepository.PlacedOrder placeNew(ReservationConfirmed reservation) {
		Instant now = this.clock.instant();
		Order order = Order.awaitingPayment(reservation, now.plus(this.properties.paymentTimeout()));
		return this.repository.insertIfAbsent(order, now);
	}

	/**
	 * How processing a message went; the {@code outcome} tag of the message metric.
	 */
	enum Outcome {

		/** The order was created and the purchase confirmed. */
		CREATED,

		/**
		 * The purchase had its order already, from a redelivery or from an earlier
		 * attempt of this delivery that failed after the order was stored; it was
		 * confirmed again.
		 */
		DUPLICATE

	}

}
