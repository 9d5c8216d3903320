package io.seckill.common.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one shared, thread-safe connection to the current Redis master, found through the
 * sentinels. Lettuce multiplexes every caller over it, so no pool is needed.
 *
 * <p>
 * The connection goes straight to the master's address rather than through a sentinel
 * URI: right after {@code +switch-master} some sentinels still name the old master for up
 * to two seconds (they learn the new configuration from hello messages), so asking them
 * again could land on the dead or frozen node. {@link SentinelWatcher} tells this class
 * where the master is now ({@link #switchTo}).
 *
 * <p>
 * While disconnected, commands fail at once instead of queueing: a caller gets an error
 * it can turn into a fast {@code 503} rather than waiting for a master that may be gone.
 * A service starts even when no sentinel answers yet; commands fail until the watcher
 * finds a master.
 */
public class SeckillRedis implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SeckillRedis.class);

	private final SeckillRedisProperties properties;

	private final ClientResources resources;

	private final RedisClient client;

	private final Sentinels sentinels;

	private final Object lock = new Object();

	private volatile @Nullable RedisMaster master;

	private long generations;

	/**
	 * Connects to the master that the sentinels name, or starts disconnected if none
	 * answers yet.
	 * @param properties where the sentinels are
	 */
	public SeckillRedis(SeckillRedisProperties properties) {
		this.properties = properties;
		// A lost connection (a sentinel restarting, a master coming back) is retried
		// within a second, not after Lettuce's default of up to 30.
		this.resources = ClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			.build();
		this.client = RedisClient.create(this.resources);
		this.client.setOptions(clientOptions(properties.timeout()));
		this.sentinels = new Sentinels(this.client, properties);
		try {
			reconnect();
			logger.info("Connected to Redis master '" + properties.masterName() + "' at " + master().address()
					+ " through sentinels " + properties.sentinels());
		}
		catch (RedisException ex) {
			logger.warn("No Redis master '" + properties.masterName() + "' reachable through sentinels "
					+ properties.sentinels() + " yet (" + ex.getMessage()
					+ "); starting anyway, Redis calls fail until one is found");
		}
	}

	/**
	 * Synchronous commands on the current master; cheap to call for every operation.
	 * @return the commands
	 * @throws RedisConnectionException if no master is known or a failover is in progress
	 */
	public RedisCommands<String, String> sync() {
		return master().connection().sync();
	}

	/**
	 * Asynchronous commands on the current master, for calls that must not hold a thread
	 * while Redis answers; cheap to call for every operation.
	 * @return the commands
	 * @throws RedisConnectionException if no master is known or a failover is in progress
	 */
	public RedisAsyncCommands<String, String> async() {
		return master().connection().async();
	}

	/**
	 * The current master, usable now.
	 * @return the master
	 * @throws RedisConnectionException if no master is known yet
	 * @throws RedisFencedException if a failover is in progress (the old master may be
	 * demoted at any moment and lose what it accepts)
	 */
	public RedisMaster master() {
		RedisMaster current = this.master;
		if (current == null) {
			throw new RedisConnectionException("No Redis master '" + this.properties.masterName()
					+ "' found yet through sentinels " + this.properties.sentinels());
		}
		if (current.fenced()) {
			throw new RedisFencedException("Redis master '" + this.properties.masterName() + "' is failing over ("
					+ current.fencedBecause() + "); try again shortly");
		}
		return current;
	}

	/**
	 * The current master even while fenced, for status pages and generation checks.
	 * @return the master, or {@code null} before the first one was found
	 */
	public @Nullable RedisMaster currentMaster() {
		return this.master;
	}

	/**
	 * The generation of the current master state; {@code -1} before the first master.
	 * @return the generation
	 */
	public long generation() {
		RedisMaster current = this.master;
		return (current != null) ? current.generation() : -1;
	}

	/**
	 * Opens a connection of the caller's own to the current master, for blocking commands
	 * (XREADGROUP BLOCK, WAIT) that would stall every other caller on the shared one. The
	 * caller closes it.
	 * @return a new connection to the current master
	 * @throws RedisConnectionException if no master is usable now
	 */
	public StatefulRedisConnection<String, String> newConnection() {
		return this.client.connect(masterUri(master().address()));
	}

	/**
	 * The sentinels this connection follows.
	 * @return the sentinels
	 */
	public Sentinels sentinels() {
		return this.sentinels;
	}

	/**
	 * Replaces the connection with a new one to whatever master the sentinels name now.
	 * @throws RedisConnectionException if no sentinel names a master
	 */
	public void reconnect() {
		HostAndPort address = this.sentinels.newestMaster(1)
			.orElseThrow(() -> new RedisConnectionException("No sentinel of " + this.properties.sentinels()
					+ " names a master for '" + this.properties.masterName() + "'"));
		switchTo(address, true);
	}

	/**
	 * Points the shared connection at the given master, unless it already is; also lifts
	 * a fence. Commands in flight on the old connection fail at once instead of waiting
	 * for their timeout on a frozen node.
	 * @param address the master the sentinels promoted
	 * @return whether this call switched
	 * @throws RedisException if the new master cannot be reached
	 */
	public boolean switchTo(HostAndPort address) {
		return switchTo(address, false);
	}

	private boolean switchTo(HostAndPort address, boolean force) {
		synchronized (this.lock) {
			RedisMaster current = this.master;
			if (!force && current != null && current.address().equals(address)) {
				return false;
			}
			StatefulRedisConnection<String, String> fresh = this.client.connect(masterUri(address));
			this.master = new RedisMaster(++this.generations, address, fresh, Instant.now(), null);
			if (current != null) {
				current.connection().closeAsync();
			}
			return true;
		}
	}

	/**
	 * Holds commands back while a failover is in progress: whatever the old master
	 * accepts between a replica's promotion and its own demotion is thrown away.
	 * @param reason what the sentinels announced
	 * @return whether this call fenced (false if already fenced or no master yet)
	 */
	public boolean fence(String reason) {
		synchronized (this.lock) {
			RedisMaster current = this.master;
			if (current == null || current.fenced()) {
				return false;
			}
			this.master = new RedisMaster(++this.generations, current.address(), current.connection(), current.since(),
					reason);
			return true;
		}
	}

	/**
	 * Lifts a fence without switching (the failover was aborted or never completed).
	 * @return whether a fence was lifted
	 */
	public boolean unfence() {
		synchronized (this.lock) {
			RedisMaster current = this.master;
			if (current == null || !current.fenced()) {
				return false;
			}
			this.master = new RedisMaster(++this.generations, current.address(), current.connection(), current.since(),
					null);
			return true;
		}
	}

	RedisClient client() {
		return this.client;
	}

	SeckillRedisProperties properties() {
		return this.properties;
	}

	@Override
	public void close() {
		RedisMaster current = this.master;
		if (current != null) {
			current.connection().close();
		}
		this.sentinels.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

	private RedisURI masterUri(HostAndPort address) {
		RedisURI.Builder builder = RedisURI.builder().withHost(address.host()).withPort(address.port());
		String password = this.properties.password();
		if (password != null && !password.isEmpty()) {
			builder.withPassword(password.toCharArray());
		}
		return builder.withTimeout(this.properties.timeout()).build();
	}

	private static ClientOptions clientOptions(Duration timeout) {
		return ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
			.build();
	}

}
