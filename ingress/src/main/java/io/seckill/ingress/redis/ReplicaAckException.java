package io.seckill.ingress.redis;

import io.lettuce.core.RedisException;

/**
 * No replica confirmed a write in time, or the master changed before it did: the write
 * may not survive a failover, so the caller must not promise it.
 */
public class ReplicaAckException extends RedisException {

	/**
	 * A refusal for want of a replica's acknowledgement.
	 * @param message what was missing
	 */
	public ReplicaAckException(String message) {
		super(message);
	}

	ReplicaAckException(String message, Throwable cause) {
		super(message, cause);
	}

}
