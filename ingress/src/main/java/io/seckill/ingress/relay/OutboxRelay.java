package io.seckill.ingress.relay;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.seckill.common.messaging.ConfirmedPublisher;
import io.seckill.common.messaging.ConfirmedPublisher.Outgoing;
import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.messaging.SeckillTopology;
import io.seckill.common.redis.OutboxEntry;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.ReplicaBarrier;

import org.springframework.context.SmartLifecycle;

/**
 * Carries accepted purchases from the Redis outbox stream to RabbitMQ. An entry is
 * acknowledged and deleted only after the broker confirmed its message, so a crash at any
 * point re-sends it (workers are idempotent) and never drops it. Entries left pending by
 * a dead relay are claimed after {@link RelayProperties#claimIdle()}.
 *
 * <p>
 * Entries are published only once a replica holds them ({@link ReplicaBarrier}): an entry
 * relayed from a master that then dies before replicating it would reach the database
 * while the new master has no trace of the purchase, and a shopper answered {@code 503}
 * for it would buy again.
 */
class OutboxRelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private final SeckillRedis redis;

	private final ConfirmedPublisher publisher;

	private final ReplicaBarrier replicas;

	private final RelayProperties properties;

	private final Consumer<String> consumer;

	private final Counter relayed;

	private final Counter failures;

	private final Counter claimed;

	private long connectionGeneration = -1;

	private volatile boolean running;

	private @Nullable Thread thread;

	private @Nullable StatefulRedisConnection<String, String> connection;

	OutboxRelay(SeckillRedis redis, ConfirmedPublisher publisher, ReplicaBarrier replicas, RelayProperties properties,
			MeterRegistry meters) {
		this.redis = redis;
		this.publisher = publisher;
		this.replicas = replicas;
		this.properties = properties;
		this.consumer = Consumer.from(RedisKeys.OUTBOX_GROUP,
				ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8));
		this.relayed = Counter.builder("seckill.relay.messages")
			.description("Accepted purchases relayed to RabbitMQ")
			.register(meters);
		this.failures = Counter.builder("seckill.relay.failures")
			.description("Relay rounds that failed and will be retried")
			.register(meters);
		this.claimed = Counter.builder("seckill.relay.claimed")
			.description("Outbox entries taken over from a relay that stopped")
			.register(meters);
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread current = this.thread;
		if (current != null) {
			try {
				current.join(Duration.ofSeconds(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		closeConnection();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loop() {
		Duration backoff = Duration.ZERO;
		Instant nextClaim = Instant.now();
		while (this.running) {
			try {
				RedisCommands<String, String> commands = commands();
				List<StreamMessage<String, String>> batch = readMine(commands);
				if (batch.isEmpty() && Instant.now().isAfter(nextClaim)) {
					batch = claimAbandoned(commands);
					trimRelayed(commands);
					nextClaim = Instant.now().plus(this.properties.claimEvery());
				}
				if (batch.isEmpty()) {
					batch = readNew(commands);
				}
				relay(commands, batch);
				backoff = Duration.ZERO;
				if (!batch.isEmpty() && batch.size() < this.properties.batchSize()) {
					// A short batch: let the next one fill a little, so that the round's
					// fixed cost (read, replica wait, confirms, ack) is shared by more
					// entries.
					pause(this.properties.linger());
				}
			}
			catch (RuntimeException ex) {
				this.failures.increment();
				backoff = nextBackoff(backoff);
				logger.warn("Outbox relay round failed, retrying in " + backoff.toMillis() + " ms: " + ex.getMessage());
				closeConnection();
				pause(backoff);
			}
		}
	}

	private RedisCommands<String, String> commands() {
		StatefulRedisConnection<String, String> current = this.connection;
		// A new master (or a failover in progress) since connecting: the old one may be
		// frozen or demoted, and its entries are the new master's to relay now.
		if (current != null && this.connectionGeneration != this.redis.generation()) {
			closeConnection();
			current = null;
		}
		if (current == null || !current.isOpen()) {
			long generation = this.redis.generation();
			current = this.redis.newConnection();
			this.connection = current;
			this.connectionGeneration = generation;
			createGroup(current.sync());
		}
		return current.sync();
	}

	private static void createGroup(RedisCommands<String, String> commands) {
		try {
			// From "0": entries written before the group existed are relayed too.
			commands.xgroupCreate(XReadArgs.StreamOffset.from(RedisKeys.OUTBOX, "0"), RedisKeys.OUTBOX_GROUP,
					XGroupCreateArgs.Builder.mkstream());
		}
		catch (RedisBusyException ex) {
			// The group exists already.
		}
	}

	/** Entries this relay read before but did not get confirmed (a failed round). */
	private List<StreamMessage<String, String>> readMine(RedisCommands<String, String> commands) {
		return commands.xreadgroup(this.consumer, XReadArgs.Builder.count(this.properties.batchSize()),
				XReadArgs.StreamOffset.from(RedisKeys.OUTBOX, "0"));
	}

	private List<StreamMessage<String, String>> claimAbandoned(RedisCommands<String, String> commands) {
		ClaimedMessages<String, String> claimed = commands.xautoclaim(RedisKeys.OUTBOX,
				XAutoClaimArgs.Builder.xautoclaim(this.consumer, this.properties.claimIdle(), "0-0")
					.count(this.properties.batchSize()));
		List<StreamMessage<String, String>> messages = claimed.getMessages();
		if (!messages.isEmpty()) {
			this.claimed.increment(messages.size());
			logger.info("Outbox relay took over " + messages.size() + " entries abandoned by another relay");
		}
		return messages;
	}

	/**
	 * Deletes entries acknowledged but left behind ({@code trim-outbox.lua}): an
	 * {@code XDEL} lost in a failover would otherwise keep them, and the backlog gauge
	 * counting them, for ever.
	 */
	private void trimRelayed(RedisCommands<String, String> commands) {
		long trimmed = TrimOutboxScript.OUTBOX.trim(commands);
		if (trimmed > 0) {
			logger.info("Outbox relay deleted " + trimmed + " entries relayed and acknowledged before");
		}
	}

	private List<StreamMessage<String, String>> readNew(RedisCommands<String, String> commands) {
		return commands.xreadgroup(this.consumer,
				XReadArgs.Builder.count(this.properties.batchSize()).block(this.properties.block()),
				XReadArgs.StreamOffset.lastConsumed(RedisKeys.OUTBOX));
	}

	private void relay(RedisCommands<String, String> commands, List<StreamMessage<String, String>> batch) {
		if (batch.isEmpty()) {
			return;
		}
		List<Outgoing> messages = new ArrayList<>(batch.size());
		List<String> ids = new ArrayList<>(batch.size());
		for (StreamMessage<String, String> entry : batch) {
			ids.add(entry.getId());
			try {
				PurchaseAccepted accepted = OutboxEntry.read(entry.getBody());
				messages.add(new Outgoing(accepted.purchaseId(), accepted));
			}
			catch (RuntimeException ex) {
				// Only purchase.lua writes the outbox; an unreadable entry would block
				// the relay forever.
				logger.error("Dropping unreadable outbox entry " + entry.getId() + " " + entry.getBody(), ex);
			}
		}
		this.replicas.confirmReplicated(commands);
		this.publisher.publishAll(SeckillTopology.RESERVATIONS_ROUTING_KEY, messages);
		String[] confirmed = ids.toArray(String[]::new);
		commands.xack(RedisKeys.OUTBOX, RedisKeys.OUTBOX_GROUP, confirmed);
		commands.xdel(RedisKeys.OUTBOX, confirmed);
		this.relayed.increment(messages.size());
	}

	private Duration nextBackoff(Duration current) {
		Duration doubled = current.isZero() ? Duration.ofMillis(100) : current.multipliedBy(2);
		return (doubled.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff() : doubled;
	}

	private void closeConnection() {
		StatefulRedisConnection<String, String> current = this.connection;
		this.connection = null;
		if (current != null) {
			current.closeAsync();
		}
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
