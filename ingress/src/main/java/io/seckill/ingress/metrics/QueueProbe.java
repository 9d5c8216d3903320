package io.seckill.ingress.metrics;

import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.AMQP;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.seckill.common.messaging.SeckillTopology;
import io.seckill.ingress.metrics.OperationsSnapshot.QueueDepth;

import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Queue depth through passive declares ({@code queue.declare} with {@code passive}),
 * which every broker answers without the management plugin. The answer counts ready
 * messages only; messages delivered and not yet acknowledged are not in it.
 */
class QueueProbe {

	private static final Log logger = LogFactory.getLog(QueueProbe.class);

	private final RabbitTemplate rabbit;

	private final List<String> queues = SeckillTopology.allQueues();

	QueueProbe(RabbitTemplate rabbit) {
		this.rabbit = rabbit;
	}

	List<String> queues() {
		return this.queues;
	}

	List<QueueDepth> sample() {
		try {
			return this.rabbit.execute((channel) -> {
				List<QueueDepth> depths = new ArrayList<>(this.queues.size());
				for (String queue : this.queues) {
					AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
					depths.add(new QueueDepth(queue, (long) ok.getMessageCount(), (long) ok.getConsumerCount()));
				}
				return depths;
			});
		}
		catch (RuntimeException ex) {
			logger.debug("Queue depth not sampled: " + ex);
			return this.queues.stream().map((queue) -> new QueueDepth(queue, null, null)).toList();
		}
	}

}
