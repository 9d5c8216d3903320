package io.seckill.ingress.redis;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import io.seckill.common.redis.SeckillRedis;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The missing-replica alert (issue 12, item 6).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaAlertProperties.class)
class ReplicaAlertConfiguration {

	@Bean
	ReplicaWatch replicaWatch(SeckillRedis redis, ReplicaAlertProperties properties, AlertWebhook alerts,
			MeterRegistry meters, Clock clock) {
		return new ReplicaWatch(redis.sentinels().masterName(), ReplicaWatch.masterOf(redis), properties, alerts,
				meters, clock);
	}

}
