package io.seckill.common.redis;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The shared Redis connection, the sentinel watcher that keeps it on the current master,
 * the scripts the workers run on purchase state, and its health and metrics. Scheduling
 * is on because the master gauge is refreshed on a timer.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({ SeckillRedisProperties.class, SentinelWatchProperties.class })
public class SeckillRedisConfiguration {

	@Bean(destroyMethod = "close")
	SeckillRedis seckillRedis(SeckillRedisProperties properties) {
		return new SeckillRedis(properties);
	}

	@Bean
	SentinelEventLog sentinelEventLog(SentinelWatchProperties properties, MeterRegistry meters) {
		return new SentinelEventLog(properties.timelineSize(), meters);
	}

	@Bean
	SentinelWatcher sentinelWatcher(SeckillRedis redis, SentinelEventLog events, ApplicationEventPublisher publisher,
			SentinelWatchProperties properties) {
		return new SentinelWatcher(redis, events, publisher, properties);
	}

	@Bean
	ConfirmPurchaseScript confirmPurchaseScript(SeckillRedis redis, SeckillRedisProperties properties) {
		return new ConfirmPurchaseScript(redis, properties.purchaseTtl());
	}

	@Bean
	RejectPurchaseScript rejectPurchaseScript(SeckillRedis redis, SeckillRedisProperties properties) {
		return new RejectPurchaseScript(redis, properties.purchaseTtl());
	}

	@Bean
	ExpirePurchaseScript expirePurchaseScript(SeckillRedis redis, SeckillRedisProperties properties) {
		return new ExpirePurchaseScript(redis, properties.purchaseTtl());
	}

	@Bean
	RedisHealthIndicator redisHealthIndicator(SeckillRedis redis) {
		return new RedisHealthIndicator(redis);
	}

	@Bean
	RedisMasterMetrics redisMasterMetrics(SeckillRedis redis, MeterRegistry meters) {
		return new RedisMasterMetrics(redis, meters);
	}

}
