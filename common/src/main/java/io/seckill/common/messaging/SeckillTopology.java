package io.seckill.common.messaging;

import java.util.List;

/**
 * Names every service agrees on. The queues are quorum queues: durable, replicated on a
 * cluster, and they count deliveries so a message that keeps failing is dead-lettered
 * after {@link #DELIVERY_LIMIT} attempts instead of looping forever.
 */
public final class SeckillTopology {

	/** Direct exchange for the pipeline's work. */
	public static final String EXCHANGE = "seckill";

	/** Dead-letter exchange; routing keys are the source queue's name. */
	public static final String DEAD_LETTER_EXCHANGE = "seckill.dlx";

	public static final String RESERVATIONS_QUEUE = "seckill.reservations";

	public static final String RESERVATIONS_ROUTING_KEY = "reservation";

	public static final String ORDERS_QUEUE = "seckill.orders";

	public static final String ORDERS_ROUTING_KEY = "order";

	/** Suffix of each queue's dead-letter queue. */
	public static final String DEAD_LETTER_SUFFIX = ".dlq";

	/**
	 * Deliveries after which the broker dead-letters a message. Transient faults
	 * (database down) are retried inside the consumer and do not count here.
	 */
	public static final int DELIVERY_LIMIT = 5;

	private SeckillTopology() {
	}

	/**
	 * Every queue the pipeline declares, dead-letter queues included: what operators
	 * watch.
	 * @return queue names
	 */
	public static List<String> allQueues() {
		return List.of(RESERVATIONS_QUEUE, ORDERS_QUEUE, deadLetterQueue(RESERVATIONS_QUEUE),
				deadLetterQueue(ORDERS_QUEUE));
	}

	/**
	 * The dead-letter queue of a work queue.
	 * @param queue a work queue name
	 * @return its dead-letter queue name
	 */
	public static String deadLetterQueue(String queue) {
		return queue + DEAD_LETTER_SUFFIX;
	}

}
