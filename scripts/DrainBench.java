import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Drain benchmark: publishes N accepted purchases of one new sale straight onto
 * seckill.reservations (confirmed, as the outbox relay does), then times how long the
 * workers take to turn every one into an order. Run through scripts/drain-bench.sh.
 */
class DrainBench {

	public static void main(String[] args) throws Exception {
		int n = Integer.parseInt(env("DRAIN_MESSAGES", "10000"));
		String sale = "drain-" + System.currentTimeMillis();
		try (java.sql.Connection sql = DriverManager.getConnection("jdbc:mysql://" + env("SECKILL_DB_HOST", "127.0.0.1")
				+ ":" + env("SECKILL_DB_PORT", "3306") + "/" + env("SECKILL_DB_NAME", "seckill")
				+ "?user=root&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true")) {
			try (PreparedStatement insert = sql.prepareStatement("""
					INSERT INTO sales (sale_id, item, stock, reserved, per_user_limit, starts_at, ends_at, created_at)
					VALUES (?, 'Drain benchmark', ?, 0, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL 1 HOUR,
						UTC_TIMESTAMP(3))""")) {
				insert.setString(1, sale);
				insert.setInt(2, n);
				insert.executeUpdate();
			}
			ConnectionFactory factory = new ConnectionFactory();
			factory.setVirtualHost(env("SECKILL_RABBITMQ_VHOST", "/"));
			try (com.rabbitmq.client.Connection amqp = factory.newConnection()) {
				Channel channel = amqp.createChannel();
				channel.confirmSelect();
				long started = System.nanoTime();
				for (int i = 0; i < n; i++) {
					String id = UUID.randomUUID().toString();
					String body = "{\"purchaseId\":\"%s\",\"saleId\":\"%s\",\"userId\":\"drain-user-%d\",\"quantity\":1,\"acceptedAt\":\"%s\"}"
						.formatted(id, sale, i, Instant.now());
					AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
						.contentEncoding("UTF-8")
						.deliveryMode(2)
						.messageId(id)
						.headers(Map.of("__TypeId__", "io.seckill.common.messaging.PurchaseAccepted"))
						.build();
					channel.basicPublish("seckill", "reservation", true, properties, body.getBytes(StandardCharsets.UTF_8));
					if (i % 500 == 499) {
						channel.waitForConfirmsOrDie(30_000);
					}
				}
				channel.waitForConfirmsOrDie(30_000);
				double published = (System.nanoTime() - started) / 1e9;
				System.out.printf("published %d in %.2f s (%.0f msg/s)%n", n, published, n / published);
				long orders = 0;
				long printed = -1;
				while (true) {
					try (PreparedStatement count = sql.prepareStatement("SELECT COUNT(*) FROM orders WHERE sale_id = ?")) {
						count.setString(1, sale);
						try (ResultSet rows = count.executeQuery()) {
							rows.next();
							orders = rows.getLong(1);
						}
					}
					double t = (System.nanoTime() - started) / 1e9;
					if ((long) t > printed) {
						printed = (long) t;
						System.out.printf("  t=%5.1fs orders=%6d ready: reservations=%6d orders=%6d%n", t, orders,
								channel.messageCount("seckill.reservations"), channel.messageCount("seckill.orders"));
					}
					if (orders >= n || t > 600) {
						break;
					}
					Thread.sleep(100);
				}
				double seconds = (System.nanoTime() - started) / 1e9;
				System.out.printf("DRAIN sale=%s messages=%d orders=%d seconds=%.2f drain=%.0f orders/s%n", sale, n,
						orders, seconds, orders / seconds);
			}
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isEmpty()) ? fallback : value;
	}

}
