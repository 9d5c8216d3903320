package io.seckill.ingress.order;

import java.time.Clock;
import java.util.regex.Pattern;

import io.lettuce.core.RedisException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.seckill.common.purchase.OrderStatus;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.web.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Pays an order: the database decides (payment before the deadline wins over expiry),
 * then Redis learns it for polling.
 */
@Service
class PaymentService {

	private static final Log logger = LogFactory.getLog(PaymentService.class);

	/** Order ids are the order-worker's random UUIDs; anything else is not looked up. */
	private static final Pattern ORDER_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private final OrderRepository orders;

	private final MarkPaidScript markPaid;

	private final Clock clock;

	PaymentService(OrderRepository orders, SeckillRedis redis, Clock clock) {
		this.orders = orders;
		this.markPaid = new MarkPaidScript(redis);
		this.clock = clock;
	}

	/**
	 * Marks the caller's order paid. Paying a paid order again, also while another
	 * payment of it runs, answers the paid order.
	 * @param orderId the order
	 * @param userId the caller
	 * @return the paid order
	 * @throws ApiException {@code 404} unknown or another shopper's order, {@code 409}
	 * expired or cancelled
	 */
	Order pay(String orderId, String userId) {
		if (!ORDER_ID.matcher(orderId).matches()) {
			throw ApiException.notFound("There is no such order.");
		}
		Order order = this.orders.find(orderId)
			.filter((found) -> found.userId().equals(userId))
			.orElseThrow(() -> ApiException.notFound("There is no such order."));
		if (order.status() == OrderStatus.AWAITING_PAYMENT) {
			boolean paidNow = this.orders.markPaid(orderId, this.clock.instant());
			if (paidNow) {
				tellRedis(order);
			}
			// Read again whether or not this call paid: a concurrent payment may have
			// paid the order between our read and our update (issue 12 item 3), and it
			// is then PAID, not expired. Outside a transaction this read sees the latest
			// commit; inside one it would see the stale snapshot again.
			order = this.orders.find(orderId).orElseThrow();
		}
		return switch (order.status()) {
			case PAID -> order;
			case AWAITING_PAYMENT, EXPIRED -> throw new ApiException(HttpStatus.CONFLICT, "order_expired",
					"The payment deadline of this order passed at " + order.paymentDeadline() + ".");
			case CANCELLED ->
				throw new ApiException(HttpStatus.CONFLICT, "order_cancelled", "This order was cancelled.");
		};
	}

	private void tellRedis(Order order) {
		try {
			this.markPaid.markPaid(order.purchaseId());
		}
		catch (RedisException ex) {
			// Polls of a CONFIRMED purchase read the database, so they see PAID anyway.
			logger.warn("Order " + order.orderId() + " is paid but Redis was not told: " + ex.getMessage());
		}
	}

}
