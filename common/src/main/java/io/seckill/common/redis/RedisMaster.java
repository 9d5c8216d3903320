package io.seckill.common.redis;

import java.time.Instant;

import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * The master the shared connection talks to, as of one generation. Every switch to
 * another master, every fence and every lifted fence starts a new generation, so a caller
 * can tell whether the master it wrote to is still the one in charge.
 *
 * @param generation increases with every change; never reused within a process
 * @param address the master's address
 * @param connection the shared connection to it
 * @param since when this process started talking to this master
 * @param fencedBecause why commands are held back (a failover is in progress), or
 * {@code null} when the master is usable
 */
public record RedisMaster(long generation, HostAndPort address, StatefulRedisConnection<String, String> connection,
		Instant since, @Nullable String fencedBecause) {

	/**
	 * Whether a failover is in progress and commands are refused.
	 * @return {@code true} while fenced
	 */
	public boolean fenced() {
		return this.fencedBecause != null;
	}

}
