package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.HostAndPort;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.RedisMaster;
import io.seckill.common.redis.SeckillRedis;

/**
 * Makes writes durable on a replica before they are promised: a group commit of
 * {@code WAIT}.
 *
 * <p>
 * {@code WAIT n ms} waits until n replicas acknowledged the replication stream up to the
 * calling connection's last write, and blocks that connection meanwhile. Sent on the
 * shared connection it would stall every request behind it. So the barrier has a
 * connection of its own and writes there first ({@code INCR} of a barrier key): the
 * replication stream is one ordered log, so a replica that acknowledged the barrier's
 * write also holds every write the master executed before it, on any connection. A caller
 * joins a round only after its own script's reply arrived, i.e. after the master executed
 * it; one round, one {@code INCR} + {@code WAIT} round trip, covers everybody who joined
 * it. Rounds run one at a time; callers arriving while one is in flight form the next.
 *
 * <p>
 * The barrier only proves something about the master it ran on. A caller states the
 * {@link RedisMaster#generation() generation} it wrote in; if the master switched or was
 * fenced since, the write may be gone and the caller gets a {@link ReplicaAckException}.
 */
public class ReplicaBarrier implements AutoCloseable {

	private final SeckillRedis redis;

	private final int replicas;

	private final Duration timeout;

	private final Timer rounds;

	private static final Executor CONNECTOR = (task) -> Thread.ofVirtual().name("replica-barrier-connect").start(task);

	private final Object lock = new Object();

	private @Nullable Round inFlight;

	private @Nullable Round next;

	private volatile @Nullable Link link;

	ReplicaBarrier(SeckillRedis redis, int replicas, Duration timeout, MeterRegistry meters) {
		this.redis = redis;
		this.replicas = replicas;
		this.timeout = timeout;
		this.rounds = Timer.builder("seckill.redis.replica.wait")
			.description("Group-commit rounds of WAIT for a replica, by outcome")
			.register(meters);
	}

	/**
	 * The generation of the master that writes go to now; read it before writing.
	 * @return the generation
	 * @throws io.lettuce.core.RedisConnectionException if no master is usable
	 */
	public long generation() {
		return this.redis.master().generation();
	}

	/**
	 * Completes once enough replicas hold every write the master had executed when this
	 * was called.
	 * @param generation the master generation the caller wrote in
	 * @return completes when they do; fails with {@link ReplicaAckException} if the
	 * replicas did not confirm in time, or the master changed meanwhile
	 */
	public CompletableFuture<Void> awaitAsync(long generation) {
		if (this.replicas == 0) {
			return CompletableFuture.completedFuture(null);
		}
		long started = System.nanoTime();
		Link ready;
		try {
			ready = readyLink(generation);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		if (ready != null) {
			return round(ready, generation, started);
		}
		// Connecting blocks: never on the caller's thread, which may be an event loop.
		return CompletableFuture.supplyAsync(() -> link(generation), CONNECTOR)
			.thenCompose((link) -> round(link, generation, started));
	}

	/**
	 * Returns once enough replicas hold every write the master had executed when this was
	 * called (blocking; for callers on their own thread).
	 * @param generation the master generation the caller wrote in
	 * @throws ReplicaAckException if the replicas did not confirm in time, or the master
	 * changed meanwhile
	 */
	public void await(long generation) {
		try {
			awaitAsync(generation).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private CompletableFuture<Void> round(Link current, long generation, long started) {
		// Each round carries its own deadline (see fire), so a caller waits at most for
		// the
		// round in flight and its own.
		return join(current).handle((acked, failure) -> {
			this.rounds.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				String reason = (cause instanceof TimeoutException) ? "in time" : cause.getMessage();
				throw new ReplicaAckException("No Redis replica acknowledged the write: " + reason, cause);
			}
			if (acked < this.replicas) {
				throw new ReplicaAckException(acked + " of " + this.replicas + " Redis replicas acknowledged within "
						+ this.timeout.toMillis() + " ms");
			}
			if (this.redis.generation() != generation) {
				throw new ReplicaAckException("The Redis master changed before a replica acknowledged the write");
			}
			return null;
		});
	}

	/**
	 * Waits on the caller's own connection until replicas acknowledged everything it
	 * wrote or read from the master so far (the outbox relay, before it publishes).
	 * @param commands the caller's connection
	 * @throws ReplicaAckException if too few replicas acknowledged in time
	 */
	public void confirmReplicated(RedisCommands<String, String> commands) {
		if (this.replicas == 0) {
			return;
		}
		commands.incr(RedisKeys.REPLICATION_BARRIER);
		long acked = commands.waitForReplication(this.replicas, this.timeout.toMillis());
		if (acked < this.replicas) {
			throw new ReplicaAckException(acked + " of " + this.replicas + " Redis replicas acknowledged within "
					+ this.timeout.toMillis() + " ms");
		}
	}

	private @Nullable Link readyLink(long generation) {
		RedisMaster master = this.redis.master();
		if (master.generation() != generation) {
			throw new ReplicaAckException("The Redis master changed before a replica acknowledged the write");
		}
		Link current = this.link;
		if (current != null && current.address().equals(master.address()) && current.connection().isOpen()) {
			return current;
		}
		return null;
	}

	private Link link(long generation) {
		Link current = readyLink(generation);
		if (current != null) {
			return current;
		}
		RedisMaster master = this.redis.master();
		// Connected outside the lock: the lock is also taken on Lettuce's I/O threads
		// (finished), which must never wait for a handshake that may need one of them.
		StatefulRedisConnection<String, String> connection = this.redis.newConnection();
		Link stale = null;
		synchronized (this.lock) {
			current = this.link;
			if (current == null || !current.address().equals(master.address()) || !current.connection().isOpen()) {
				stale = current;
				current = new Link(master.address(), connection);
				this.link = current;
				connection = null;
			}
		}
		if (stale != null) {
			stale.connection().closeAsync();
		}
		if (connection != null) {
			// Another caller connected first.
			connection.closeAsync();
		}
		return current;
	}

	private CompletableFuture<Long> join(Link current) {
		Round round;
		synchronized (this.lock) {
			if (this.inFlight != null) {
				// Never the round in flight: its INCR may have left before our write ran.
				if (this.next == null) {
					this.next = new Round();
				}
				return this.next.acked;
			}
			round = new Round();
			this.inFlight = round;
		}
		fire(round, current);
		return round.acked;
	}

	private void fire(Round round, Link current) {
		CompletableFuture<Long> acked;
		try {
			RedisAsyncCommands<String, String> commands = current.connection().async();
			RedisFuture<Long> barrier = commands.incr(RedisKeys.REPLICATION_BARRIER);
			RedisFuture<Long> waited = commands.waitForReplication(this.replicas, this.timeout.toMillis());
			// WAIT answers within its own timeout; the deadline covers a connection that
			// never answers (a frozen master). One timer a round, not one a caller.
			acked = barrier.toCompletableFuture()
				.thenCombine(waited.toCompletableFuture(), (ignored, count) -> count)
				.orTimeout(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			acked = CompletableFuture.failedFuture(ex);
		}
		acked.whenComplete((count, failure) -> finished(round, count, failure));
	}

	private void finished(Round round, @Nullable Long count, @Nullable Throwable failure) {
		Round following;
		synchronized (this.lock) {
			following = this.next;
			this.next = null;
			this.inFlight = following;
		}
		if (following != null) {
			Link current = this.link;
			if (current != null) {
				fire(following, current);
			}
			else {
				finished(following, null, new ReplicaAckException("The replica barrier has no connection"));
			}
		}
		if (failure != null) {
			round.acked.completeExceptionally(failure);
		}
		else {
			round.acked.complete((count != null) ? count : 0L);
		}
	}

	@Override
	public void close() {
		Link current = this.link;
		if (current != null) {
			current.connection().closeAsync();
		}
	}

	private static final class Round {

		private final CompletableFuture<Long> acked = new CompletableFuture<>();

	}

	private record Link(HostAndPort address, StatefulRedisConnection<String, String> connection) {
	}

}
