package io.seckill.common.redis;

import io.lettuce.core.RedisConnectionException;

/**
 * A command held back by this process while a failover is in progress: it never reached
 * Redis, so it says nothing about whether Redis answers (a circuit breaker must not count
 * it as a Redis failure).
 */
public class RedisFencedException extends RedisConnectionException {

	/**
	 * A command held back.
	 * @param message why
	 */
	public RedisFencedException(String message) {
		super(message);
	}

}
