package io.seckill.ingress;

import io.seckill.common.messaging.SeckillMessagingConfiguration;
import io.seckill.common.redis.SeckillRedisConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The thin HTTP front of Seckill: authenticate, validate, one Redis script, answer.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ SeckillRedisConfiguration.class, SeckillMessagingConfiguration.class })
public class IngressApplication {

	public static void main(String[] args) {
		SpringApplication.run(IngressApplication.class, args);
	}

}
