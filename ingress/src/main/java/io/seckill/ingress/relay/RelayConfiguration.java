package io.seckill.ingress.relay;

import io.micrometer.core.instrument.MeterRegistry;

import io.seckill.common.messaging.ConfirmedPublisher;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.ReplicaBarrier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

	@Bean
	@ConditionalOnProperty(name = "seckill.relay.enabled", matchIfMissing = true)
	OutboxRelay outboxRelay(SeckillRedis redis, ConfirmedPublisher publisher, ReplicaBarrier replicas,
			RelayProperties properties, MeterRegistry meters) {
		return new OutboxRelay(redis, publisher, replicas, properties, meters);
	}

}
