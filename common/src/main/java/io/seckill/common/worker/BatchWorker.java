package io.seckill.common.worker;

import java.util.List;
import java.util.function.Function;

import io.seckill.common.messaging.ManualAckListenerFactory;
import io.seckill.common.messaging.PurchaseMessage;

/**
 * What a worker process is: the queue it drains, the record its deliveries carry, how it
 * consumes, and what it does with a batch. A worker application declares one as a bean
 * and imports {@link BatchWorkerConfiguration}, which does the rest.
 *
 * @param <T> the message record
 * @param name the {@code worker} tag of the metrics
 * @param queue the queue to drain
 * @param type the record every delivery must carry
 * @param settings consumers, prefetch and batching of this process
 * @param processAll processes a batch, all or nothing, one outcome per record in order;
 * must be safe to run again for any part of it (see
 * {@link io.seckill.common.messaging.BatchWork#processAll})
 * @param processOne processes one record, after its batch failed
 */
public record BatchWorker<T extends PurchaseMessage>(String name, String queue, Class<T> type,
		ManualAckListenerFactory.ConsumerSettings settings, Function<List<T>, List<? extends Enum<?>>> processAll,
		Function<T, ? extends Enum<?>> processOne) {
}
