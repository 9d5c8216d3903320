package io.seckill.ingress.metrics;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SentinelEventLog;
import io.seckill.ingress.order.OrderRepository;
import io.seckill.ingress.reservation.ReservationRepository;
import io.seckill.ingress.sale.SaleRepository;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The purchase latency timer and the once-a-second sampler behind the operations gauges
 * and the dashboard.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class MetricsConfiguration {

	@Bean
	PurchaseLatency purchaseLatency(MeterRegistry meters) {
		return new PurchaseLatency(meters);
	}

	@Bean
	OperationsSampler operationsSampler(SaleRepository sales, OrderRepository orders,
			ReservationRepository reservations, SeckillRedis redis, RabbitTemplate rabbit,
			SentinelEventLog sentinelEvents, CircuitBreakerRegistry breakers, PurchaseLatency latency,
			MeterRegistry meters, ApplicationEventPublisher publisher, Clock clock) {
		return new OperationsSampler(new SaleProbe(sales, orders, reservations, redis), new QueueProbe(rabbit), redis,
				sentinelEvents, breakers, latency, meters, publisher, clock);
	}

}
