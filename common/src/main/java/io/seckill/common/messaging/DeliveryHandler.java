package io.seckill.common.messaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.listener.ListenerExecutionFailedException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Settles each delivery of a manually acknowledged listener by the worker's failure
 * policy.
 * <ul>
 * <li>Done: acknowledged.</li>
 * <li>Poison ({@link DeliveryFailure#POISON}): rejected without requeue, so the broker
 * dead-letters it.</li>
 * <li>Transient: retried in place with capped exponential back-off until it succeeds. A
 * requeue would count towards the quorum queue's delivery limit and dead-letter a good
 * message after a few seconds of database or Redis outage.</li>
 * <li>Transient while the application shuts down: left unacknowledged. The broker
 * requeues it when the stopping consumer's channel closes, so another process, or this
 * one after its restart, takes it over. A requeue right away would hand it to a sibling
 * consumer that has not stopped yet, which fails and requeues it again: each round counts
 * towards the delivery limit.</li>
 * </ul>
 * A retry runs the whole work again, so every step of it must be idempotent.
 *
 * <p>
 * A batch ({@link #handleBatch}) is processed at once and every delivery of it
 * acknowledged after; when the batch fails, each of its deliveries is settled alone by
 * the rules above, so one poison message is dead-lettered by itself and the quorum
 * queue's delivery limit still counts per message.
 */
public final class DeliveryHandler implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

	public static final String MESSAGES_METRIC = "seckill.worker.messages";

	public static final String PROCESS_METRIC = "seckill.worker.process";

	public static final String BATCH_SIZE_METRIC = "seckill.worker.batch.size";

	public static final String BATCH_FALLBACK_METRIC = "seckill.worker.batch.fallbacks";

	private static final Log logger = LogFactory.getLog(DeliveryHandler.class);

	private final String worker;

	private final String queue;

	private final MeterRegistry meterRegistry;

	private final BackOff backOff;

	private final Timer processTime;

	private final DistributionSummary batchSizes;

	private final Counter batchFallbacks;

	private final CountDownLatch closing = new CountDownLatch(1);

	private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

	private volatile boolean leftUnacknowledged;

	private @Nullable ApplicationContext applicationContext;

	/**
	 * @param worker the {@code worker} tag of the metrics
	 * @param queue the queue the deliveries come from, for log lines
	 * @param meterRegistry where outcomes and processing time are recorded
	 * @param backOff pauses between attempts on a transient failure; attempts go on until
	 * one succeeds, whatever the back-off says
	 */
	public DeliveryHandler(String worker, String queue, MeterRegistry meterRegistry, BackOff backOff) {
		this.worker = worker;
		this.queue = queue;
		this.meterRegistry = meterRegistry;
		this.backOff = backOff;
		this.processTime = Timer.builder(PROCESS_METRIC)
			.description("Time from delivery to acknowledgement, retries included")
			.tag("worker", worker)
			.register(meterRegistry);
		this.batchSizes = DistributionSummary.builder(BATCH_SIZE_METRIC)
			.description("Deliveries per batch")
			.tag("worker", worker)
			.register(meterRegistry);
		this.batchFallbacks = Counter.builder(BATCH_FALLBACK_METRIC)
			.description("Batches that failed and were settled one delivery at a time")
			.tag("worker", worker)
			.register(meterRegistry);
	}

	/**
	 * 100 ms doubling to 5 s, with jitter so that consumers of several processes do not
	 * hit a recovering database in step.
	 * @return the back-off for transient failures
	 */
	public static BackOff retryBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(5_000);
		backOff.setJitter(50);
		return backOff;
	}

	/**
	 * Runs the work for one delivery and settles the delivery by its result. Never
	 * throws: a channel that cannot take the acknowledgement is closed, and the broker
	 * redelivers. Blocks while it retries, which holds up only this consumer's later
	 * deliveries.
	 * @param channel the channel the delivery came on
	 * @param deliveryTag the delivery
	 * @param messageId the purchase id, for log lines
	 * @param work processes the message and says how it went; its enum constant, in lower
	 * case, is the {@code outcome} tag
	 */
	public void handle(Channel channel, long deliveryTag, String messageId, Supplier<? extends Enum<?>> work) {
		Timer.Sample sample = Timer.start(this.meterRegistry);
		try {
			settle(channel, deliveryTag, messageId, work);
		}
		finally {
			sample.stop(this.processTime);
		}
	}

	/**
	 * Runs the work for a batch of deliveries from one consumer and settles each
	 * delivery. Unreadable deliveries are dead-lettered first; the rest is processed at
	 * once and acknowledged with one multiple acknowledgement after the work returned. If
	 * the batch work throws, each delivery is processed and settled alone as
	 * {@link #handle} does. Never throws.
	 * @param <T> the message record
	 * @param channel the channel the deliveries came on
	 * @param messages the deliveries, in delivery order
	 * @param work what to do with them
	 */
	public <T> void handleBatch(Channel channel, List<Message> messages, BatchWork<T> work) {
		long started = System.nanoTime();
		this.batchSizes.record(messages.size());
		List<Delivery<T>> deliveries = readAll(channel, messages, work);
		if (!deliveries.isEmpty()) {
			settleBatch(channel, deliveries, work);
		}
		long elapsed = System.nanoTime() - started;
		for (int i = 0; i < messages.size(); i++) {
			this.processTime.record(elapsed, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Listener container error handler for deliveries that never reach the listener, such
	 * as a body that is not the expected JSON: they are poison.
	 * @param failure what the container caught
	 * @throws AmqpRejectAndDontRequeueException always, so the container rejects the
	 * delivery without requeue even though acknowledgement is manual
	 */
	public void rejectUnreadable(Throwable failure) {
		logger.error("Dead-lettering unreadable message " + failedMessageId(failure) + " from " + this.queue + ": "
				+ failure.getMessage());
		count("dead_lettered");
		throw new AmqpRejectAndDontRequeueException("Unreadable message dead-lettered", true, failure);
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	// Published before the listener containers stop, so a retrying consumer lets go at
	// once. A child context closing (a separate management port has one) is no reason to.
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (this.applicationContext == null || event.getApplicationContext() == this.applicationContext) {
			this.closing.countDown();
		}
	}

	private void settle(Channel channel, long deliveryTag, String messageId, Supplier<? extends Enum<?>> work) {
		BackOffExecution backOff = this.backOff.start();
		while (true) {
			try {
				Enum<?> outcome = work.get();
				count(outcome.name().toLowerCase(Locale.ROOT));
				acknowledge(channel, deliveryTag, messageId);
				return;
			}
			catch (RuntimeException ex) {
				if (DeliveryFailure.of(ex) == DeliveryFailure.POISON) {
					deadLetter(channel, deliveryTag, messageId, ex);
					return;
				}
				if (!awaitRetry(messageId, backOff, ex)) {
					leaveForRedelivery(messageId, ex);
					return;
				}
			}
		}
	}

	private <T> List<Delivery<T>> readAll(Channel channel, List<Message> messages, BatchWork<T> work) {
		List<Delivery<T>> deliveries = new ArrayList<>(messages.size());
		for (Message message : messages) {
			long deliveryTag = message.getMessageProperties().getDeliveryTag();
			try {
				deliveries.add(new Delivery<>(deliveryTag, work.read(message)));
			}
			catch (RuntimeException ex) {
				deadLetter(channel, deliveryTag, String.valueOf(message.getMessageProperties().getMessageId()), ex);
			}
		}
		return deliveries;
	}

	private <T> void settleBatch(Channel channel, List<Delivery<T>> deliveries, BatchWork<T> work) {
		List<T> records = deliveries.stream().map(Delivery::message).toList();
		List<? extends Enum<?>> outcomes;
		try {
			outcomes = work.processAll(records);
			if (outcomes.size() != records.size()) {
				throw new IllegalStateException(
						"Batch work answered " + outcomes.size() + " outcomes for " + records.size() + " messages");
			}
		}
		catch (RuntimeException ex) {
			settleOneByOne(channel, deliveries, work, ex);
			return;
		}
		Map<String, Integer> counts = new HashMap<>();
		for (Enum<?> outcome : outcomes) {
			counts.merge(outcome.name(), 1, Integer::sum);
		}
		counts.forEach((outcome, count) -> count(outcome.toLowerCase(Locale.ROOT), count));
		acknowledgeAll(channel, deliveries, work);
	}

	// One basic.ack with multiple=true settles the whole batch. It also settles every
	// earlier delivery of the channel: those were all settled by the batches before, on
	// this same consumer, unless one was left for redelivery at shutdown; then each
	// delivery is acknowledged alone.
	private <T> void acknowledgeAll(Channel channel, List<Delivery<T>> deliveries, BatchWork<T> work) {
		if (this.leftUnacknowledged) {
			for (Delivery<T> delivery : deliveries) {
				acknowledge(channel, delivery.tag(), work.messageId(delivery.message()));
			}
			return;
		}
		long highest = 0;
		for (Delivery<T> delivery : deliveries) {
			highest = Math.max(highest, delivery.tag());
		}
		try {
			channel.basicAck(highest, true);
		}
		catch (IOException | ShutdownSignalException ex) {
			logger.warn("Could not acknowledge a batch of " + deliveries.size() + " from " + this.queue
					+ "; the broker will redeliver it and the redeliveries are recognised as duplicates: " + ex);
		}
	}

	private <T> void settleOneByOne(Channel channel, List<Delivery<T>> deliveries, BatchWork<T> work,
			RuntimeException failure) {
		this.batchFallbacks.increment();
		if (isClosing() && DeliveryFailure.of(failure) == DeliveryFailure.TRANSIENT) {
			// One attempt each could take a connection timeout per message; the broker
			// hands the whole batch to a consumer that is not stopping.
			for (Delivery<T> delivery : deliveries) {
				leaveForRedelivery(work.messageId(delivery.message()), failure);
			}
			return;
		}
		logger.warn("Batch of " + deliveries.size() + " from " + this.queue
				+ " failed; settling its messages one by one: " + failure);
		for (Delivery<T> delivery : deliveries) {
			T message = delivery.message();
			settle(channel, delivery.tag(), work.messageId(message), () -> work.processOne(message));
		}
	}

	private boolean awaitRetry(String messageId, BackOffExecution backOff, RuntimeException failure) {
		if (isClosing()) {
			return false;
		}
		long delay = backOff.nextBackOff();
		logger.warn("Transient failure on " + messageId + " from " + this.queue + ", retrying in " + delay + " ms: "
				+ failure);
		count("retried");
		try {
			return !this.closing.await(delay, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void acknowledge(Channel channel, long deliveryTag, String messageId) {
		try {
			channel.basicAck(deliveryTag, false);
		}
		catch (IOException | ShutdownSignalException ex) {
			logger.warn("Could not acknowledge " + messageId + "; the broker will redeliver it and the redelivery "
					+ "is recognised as a duplicate: " + ex);
		}
	}

	private void deadLetter(Channel channel, long deliveryTag, String messageId, RuntimeException failure) {
		logger.error("Dead-lettering " + messageId + " from " + this.queue + ": " + failure, failure);
		count("dead_lettered");
		try {
			channel.basicReject(deliveryTag, false);
		}
		catch (IOException | ShutdownSignalException ex) {
			logger.warn("Could not reject " + messageId + "; the broker will redeliver it: " + ex);
		}
	}

	private void leaveForRedelivery(String messageId, RuntimeException failure) {
		this.leftUnacknowledged = true;
		logger.info("Shutting down: leaving " + messageId + " unacknowledged after a transient failure; the broker "
				+ "requeues it when this consumer stops: " + failure);
		count("requeued");
	}

	private boolean isClosing() {
		return this.closing.getCount() == 0;
	}

	private void count(String outcome) {
		count(outcome, 1);
	}

	private void count(String outcome, int deliveries) {
		this.outcomes
			.computeIfAbsent(outcome,
					(tag) -> Counter.builder(MESSAGES_METRIC)
						.description("Deliveries settled, and retries, by outcome")
						.tags("worker", this.worker, "outcome", tag)
						.register(this.meterRegistry))
			.increment(deliveries);
	}

	private record Delivery<T>(long tag, T message) {
	}

	private static @Nullable String failedMessageId(Throwable failure) {
		if (failure instanceof ListenerExecutionFailedException listenerFailure) {
			Message message = listenerFailure.getFailedMessage();
			return (message != null) ? message.getMessageProperties().getMessageId() : null;
		}
		return null;
	}

}
