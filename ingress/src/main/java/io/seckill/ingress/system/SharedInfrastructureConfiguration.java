package io.seckill.ingress.system;

import io.seckill.common.messaging.SeckillMessagingConfiguration;
import io.seckill.common.redis.SeckillRedisConfiguration;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Redis and RabbitMQ wiring shared with the workers. Kept off the application class so
 * web slice tests do not connect to Redis.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SeckillRedisConfiguration.class, SeckillMessagingConfiguration.class })
class SharedInfrastructureConfiguration {

}
