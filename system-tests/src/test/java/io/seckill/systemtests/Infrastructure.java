package io.seckill.systemtests;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import io.seckill.common.messaging.SeckillTopology;

/**
 * The real services under the tests: checked before anything starts, and reset so each
 * run begins from empty queues and an empty Redis.
 */
final class Infrastructure {

	static final List<String> QUEUES = SeckillTopology.allQueues();

	private Infrastructure() {
	}

	static void check() {
		flushRedis();
		purgeQueues();
		Database.ping();
	}

	static RedisURI redisUri() {
		RedisURI.Builder builder = RedisURI.builder().withSentinelMasterId(TestEnvironment.REDIS_MASTER);
		for (String sentinel : TestEnvironment.SENTINELS.split(",")) {
			String[] hostPort = sentinel.trim().split(":");
			builder.withSentinel(hostPort[0], Integer.parseInt(hostPort[1]));
		}
		return builder.build();
	}

	static <T> T withRedis(java.util.function.Function<StatefulRedisConnection<String, String>, T> work) {
		RedisClient client = RedisClient.create(redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return work.apply(connection);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("The test Redis Sentinel topology (" + TestEnvironment.SENTINELS
					+ ", master " + TestEnvironment.REDIS_MASTER + ") is not reachable: run ./seckill test", ex);
		}
		finally {
			client.shutdown();
		}
	}

	private static void flushRedis() {
		withRedis((connection) -> connection.sync().flushall());
	}

	static <T> T withChannel(ChannelWork<T> work) {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setVirtualHost(TestEnvironment.VHOST);
		try (Connection connection = factory.newConnection("system-tests");
				Channel channel = connection.createChannel()) {
			return work.apply(channel);
		}
		catch (IOException | TimeoutException ex) {
			throw new IllegalStateException("RabbitMQ vhost '" + TestEnvironment.VHOST
					+ "' is not reachable as guest on 127.0.0.1:5672: run ./seckill test", ex);
		}
	}

	private static void purgeQueues() {
		for (String queue : QUEUES) {
			try {
				withChannel((channel) -> channel.queuePurge(queue));
			}
			catch (IllegalStateException | ShutdownSignalException ex) {
				// Not declared yet (a fresh vhost): the services declare it on start.
			}
		}
	}

	/**
	 * Messages in a queue, ready and unacknowledged. Passive declare sees only ready
	 * ones, so this asks {@code rabbitmqctl}, which the test machine has.
	 * @param queue the queue
	 * @return ready plus unacknowledged messages
	 */
	static long messagesIn(String queue) {
		try {
			Process process = new ProcessBuilder("rabbitmqctl", "-q", "list_queues", "-p", TestEnvironment.VHOST,
					"name", "messages")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			process.waitFor();
			for (String line : output.split("\n")) {
				String[] columns = line.trim().split("\\s+");
				if (columns.length == 2 && columns[0].equals(queue)) {
					return Long.parseLong(columns[1]);
				}
			}
			throw new IllegalStateException("rabbitmqctl did not list " + queue + ": " + output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("rabbitmqctl is needed to count unacknowledged messages", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	interface ChannelWork<T> {

		T apply(Channel channel) throws IOException;

	}

}
