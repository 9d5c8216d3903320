package io.seckill.common.redis;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared Redis connection and the scripts the workers run on purchase state.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SeckillRedisProperties.class)
public class SeckillRedisConfiguration {

	@Bean(destroyMethod = "close")
	SeckillRedis seckillRedis(SeckillRedisProperties properties) {
		return new SeckillRedis(properties);
	}

	@Bean
	PurchaseStateScripts purchaseStateScripts(SeckillRedis redis, SeckillRedisProperties properties) {
		return new PurchaseStateScripts(redis, properties.purchaseTtl());
	}

	@Bean
	RedisHealthIndicator redisHealthIndicator(SeckillRedis redis) {
		return new RedisHealthIndicator(redis);
	}

}
