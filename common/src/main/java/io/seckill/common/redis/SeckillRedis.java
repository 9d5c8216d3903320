package io.seckill.common.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one shared, thread-safe connection to the current Redis master, found through the
 * sentinels. Lettuce multiplexes every caller over it, so no pool is needed.
 *
 * <p>
 * While disconnected, commands fail at once instead of queueing: a caller gets an error
 * it can turn into a fast {@code 503} rather than waiting for a master that may be gone.
 */
public class SeckillRedis implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SeckillRedis.class);

	private final RedisClient client;

	private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();

	/**
	 * Connects to the master that the sentinels name.
	 * @param properties where the sentinels are
	 */
	public SeckillRedis(SeckillRedisProperties properties) {
		this.client = RedisClient.create(sentinelUri(properties));
		this.client.setOptions(clientOptions(properties.timeout()));
		this.connection.set(this.client.connect());
		logger.info("Connected to Redis master '" + properties.masterName() + "' through sentinels "
				+ properties.sentinels());
	}

	/**
	 * Synchronous commands on the current master; cheap to call for every operation.
	 * @return the commands
	 */
	public RedisCommands<String, String> sync() {
		return this.connection.get().sync();
	}

	/**
	 * Opens a connection of the caller's own, for blocking commands (XREADGROUP BLOCK)
	 * that would stall every other caller on the shared one. The caller closes it.
	 * @return a new connection to the current master
	 */
	public StatefulRedisConnection<String, String> newConnection() {
		return this.client.connect();
	}

	/**
	 * Replaces the connection with a new one to whatever master the sentinels name now.
	 * Used when a sentinel announces a new master, so callers do not wait for timeouts on
	 * a frozen old one.
	 */
	public void reconnect() {
		StatefulRedisConnection<String, String> fresh = this.client.connect();
		StatefulRedisConnection<String, String> old = this.connection.getAndSet(fresh);
		old.closeAsync();
	}

	@Override
	public void close() {
		this.connection.get().close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	static RedisURI sentinelUri(SeckillRedisProperties properties) {
		RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(properties.masterName());
		for (String sentinel : properties.sentinels()) {
			HostAndPort address = HostAndPort.parse(sentinel);
			builder.withSentinel(address.host(), address.port());
		}
		if (properties.password() != null && !properties.password().isEmpty()) {
			builder.withPassword(properties.password().toCharArray());
		}
		return builder.withTimeout(properties.timeout()).build();
	}

	private static ClientOptions clientOptions(Duration timeout) {
		return ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
			.build();
	}

	/**
	 * A {@code host:port} pair from configuration.
	 *
	 * @param host host name or address
	 * @param port TCP port
	 */
	record HostAndPort(String host, int port) {

		static HostAndPort parse(String value) {
			int colon = value.lastIndexOf(':');
			if (colon <= 0 || colon == value.length() - 1) {
				throw new IllegalArgumentException(
						"seckill.redis.sentinels entry '" + value + "' must be host:port, e.g. 127.0.0.1:26380");
			}
			try {
				return new HostAndPort(value.substring(0, colon).trim(),
						Integer.parseInt(value.substring(colon + 1).trim()));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("seckill.redis.sentinels entry '" + value + "' has no numeric port",
						ex);
			}
		}

	}

}
