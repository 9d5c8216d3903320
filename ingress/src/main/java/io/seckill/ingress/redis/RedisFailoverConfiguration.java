package io.seckill.ingress.redis;

import java.lang.management.ManagementFactory;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SeckillRedisProperties;
import io.seckill.ingress.order.OrderRepository;
import io.seckill.ingress.reservation.ReservationRepository;
import io.seckill.ingress.sale.SaleRepository;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FailoverProperties.class)
class RedisFailoverConfiguration {

	@Bean(destroyMethod = "close")
	ReplicaBarrier replicaBarrier(SeckillRedis redis, FailoverProperties properties,
			SeckillRedisProperties redisProperties, MeterRegistry meters) {
		FailoverProperties.Durability durability = properties.durability();
		if (durability.replicas() > 0 && durability.timeout().compareTo(redisProperties.timeout()) >= 0) {
			throw new IllegalStateException("seckill.failover.durability.timeout (SECKILL_REDIS_WAIT_TIMEOUT, "
					+ durability.timeout() + ") must be shorter than seckill.redis.timeout (SECKILL_REDIS_TIMEOUT, "
					+ redisProperties.timeout() + "): WAIT must answer before the command times out");
		}
		return new ReplicaBarrier(redis, durability.replicas(), durability.timeout(), meters);
	}

	@Bean
	PurchaseStoreHealthIndicator purchaseStoreHealthIndicator(SeckillRedis redis, ReplicaBarrier replicas,
			SeckillRedisProperties redisProperties) {
		return new PurchaseStoreHealthIndicator(redis, replicas, redisProperties.timeout().multipliedBy(2));
	}

	@Bean
	AcceptedLedger acceptedLedger(FailoverProperties properties, Clock clock) {
		return new AcceptedLedger(properties.reconcile().ledgerWindow(), properties.reconcile().ledgerCapacity(),
				clock);
	}

	@Bean(destroyMethod = "close")
	FailoverReconciler failoverReconciler(SeckillRedis redis, SaleRepository sales, OrderRepository orders,
			ReservationRepository reservations, AcceptedLedger ledger, FailoverProperties properties,
			SeckillRedisProperties redisProperties, Clock clock, MeterRegistry meters) {
		return new FailoverReconciler(redis, new FailoverReconciler.Records(sales, orders, reservations), ledger,
				properties.reconcile(), redisProperties.purchaseTtl(), clock, meters);
	}

	@Bean
	AlertWebhook alertWebhook(FailoverProperties properties, JsonMapper json) {
		return new AlertWebhook(AlertWebhook.url(properties.alerts().webhook()), properties.alerts().timeout(), json,
				ManagementFactory.getRuntimeMXBean().getName());
	}

	@Bean
	FailoverWebhook failoverWebhook(AlertWebhook alerts) {
		return new FailoverWebhook(alerts);
	}

}
