package io.seckill.order;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import io.seckill.common.messaging.DeliveryFailure;
import io.seckill.common.redis.ExpirePurchaseScript;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.common.redis.ScriptMode;

/**
 * Expires orders left unpaid past their deadline and gives their stock back: first to the
 * database, in the same transaction as the expiry, then to Redis.
 *
 * <p>
 * Redis comes second and may be away. An expired order keeps {@code restock_pending} set
 * until Redis took its stock back, and every sweep retries those, so a Redis outage
 * delays the restock but never loses it. Several order-workers may sweep at once: the
 * database expires each order once, and the Redis script restocks each purchase once.
 */
@Component
class OrderExpirySweeper {

	static final String EXPIRED_METRIC = "seckill.orders.expired";

	private static final Log logger = LogFactory.getLog(OrderExpirySweeper.class);

	private final OrderRepository repository;

	private final ExpirePurchaseScript expirePurchase;

	private final Clock clock;

	private final int batchSize;

	private final Counter expiredOrders;

	OrderExpirySweeper(OrderRepository repository, ExpirePurchaseScript expirePurchase, OrderProperties properties,
			Clock clock, MeterRegistry meterRegistry) {
		this.repository = repository;
		this.expirePurchase = expirePurchase;
		this.clock = clock;
		this.batchSize = properties.expiryBatchSize();
		this.expiredOrders = Counter.builder(EXPIRED_METRIC)
			.description("Orders this process expired unpaid")
			.register(meterRegistry);
	}

	/**
	 * One sweep. Never throws: a failure is logged and the next sweep carries on where
	 * this one stopped.
	 */
	void sweep() {
		try {
			boolean more;
			do {
				// Each batch at its own time: a backlog can take minutes, and the
				// failover reconciler replays recent expiries by when they happened.
				more = expireBatch(this.clock.instant());
				// Give this batch's items back before the next batch: a shopper told
				// EXPIRED finds the item on sale again within one batch's work, not
				// after the whole backlog.
				restockRedis();
			}
			while (more);
		}
		catch (RuntimeException ex) {
			if (DeliveryFailure.of(ex) == DeliveryFailure.TRANSIENT) {
				logger.warn("Expiry sweep stopped early; the next sweep carries on: " + ex);
			}
			else {
				logger.error("Expiry sweep failed; the next sweep tries again", ex);
			}
		}
	}

	/**
	 * Expires one batch of due orders.
	 * @param now the batch's time
	 * @return whether more may be due: a full batch may mean a backlog, after a pause of
	 * this process for instance
	 */
	private boolean expireBatch(Instant now) {
		List<Order> due = this.repository.findDue(now, this.batchSize);
		int expired = 0;
		for (Order order : due) {
			if (expire(order, now)) {
				expired++;
			}
		}
		return due.size() == this.batchSize && expired > 0;
	}

	private boolean expire(Order order, Instant now) {
		try {
			if (this.repository.expire(order, now)) {
				this.expiredOrders.increment();
				return true;
			}
			return false;
		}
		catch (DataIntegrityViolationException ex) {
			// The sale's or quota's counters would go negative: they disagree with the
			// order.
			// Leave this order to an operator instead of blocking every other expiry.
			logger.error("Cannot expire order " + order.orderId() + " of purchase " + order.purchaseId() + ": " + ex);
			return false;
		}
	}

	private void restockRedis() {
		List<Order> pending;
		do {
			pending = this.repository.findRestockPending(this.batchSize);
			for (Order order : pending) {
				this.expirePurchase.expire(
						new PurchaseItems(order.purchaseId(), order.saleId(), order.userId(), order.quantity()),
						ScriptMode.LIVE);
				this.repository.markRestocked(order.orderId());
			}
		}
		// A backlog left by a Redis outage is worked off in this sweep too.
		while (pending.size() == this.batchSize);
	}

}
