package io.seckill.common.messaging;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * RabbitMQ topology, declared once here so every service agrees on names and arguments.
 * {@code RabbitAdmin} (auto-configured) declares it on first connection and again after a
 * broker restart.
 */
@Configuration(proxyBeanMethods = false)
public class SeckillMessagingConfiguration {

	@Bean
	Declarables seckillTopology() {
		DirectExchange exchange = new DirectExchange(SeckillTopology.EXCHANGE, true, false);
		DirectExchange deadLetters = new DirectExchange(SeckillTopology.DEAD_LETTER_EXCHANGE, true, false);
		List<Declarable> declarables = new ArrayList<>(List.of(exchange, deadLetters));
		addWorkQueue(declarables, exchange, deadLetters, SeckillTopology.RESERVATIONS_QUEUE,
				SeckillTopology.RESERVATIONS_ROUTING_KEY);
		addWorkQueue(declarables, exchange, deadLetters, SeckillTopology.ORDERS_QUEUE,
				SeckillTopology.ORDERS_ROUTING_KEY);
		return new Declarables(declarables);
	}

	@Bean
	MessageConverter seckillMessageConverter(JsonMapper jsonMapper) {
		return new JacksonJsonMessageConverter(jsonMapper);
	}

	@Bean
	MessageCodec messageCodec(JsonMapper jsonMapper) {
		return new MessageCodec(jsonMapper);
	}

	@Bean
	ConfirmedPublisher confirmedPublisher(RabbitTemplate rabbitTemplate, MessageCodec messageCodec) {
		return new ConfirmedPublisher(rabbitTemplate, messageCodec);
	}

	private static void addWorkQueue(List<Declarable> declarables, DirectExchange exchange, DirectExchange deadLetters,
			String name, String routingKey) {
		String deadLetterName = SeckillTopology.deadLetterQueue(name);
		Queue queue = QueueBuilder.durable(name)
			.quorum()
			.deliveryLimit(SeckillTopology.DELIVERY_LIMIT)
			.deadLetterExchange(SeckillTopology.DEAD_LETTER_EXCHANGE)
			.deadLetterRoutingKey(name)
			.build();
		Queue deadLetterQueue = QueueBuilder.durable(deadLetterName).quorum().build();
		Binding binding = BindingBuilder.bind(queue).to(exchange).with(routingKey);
		Binding deadLetterBinding = BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(name);
		declarables.addAll(List.of(queue, deadLetterQueue, binding, deadLetterBinding));
	}

}
