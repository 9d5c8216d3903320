package io.seckill.ingress.purchase;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.common.redis.SeckillRedisProperties;
import io.seckill.ingress.purchase.ScriptOutcome.Code;
import io.seckill.ingress.redis.TestRedis;
import io.seckill.ingress.room.TestRooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code purchase.lua} on a sale with a waiting room, on the real test Redis master: only
 * an admitted ticket of the shopper buys, once, inside its admission window; forged,
 * other shoppers', used and expired tickets are refused with their own codes, and nothing
 * changes when they are.
 */
class PurchaseTicketIntegrationTests {

	private static SeckillRedis redis;

	private static PurchaseScript script;

	private static TestRooms rooms;

	private final String saleId = "ticket-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void connect() {
		SeckillRedisProperties properties = TestRedis.properties();
		redis = new SeckillRedis(properties);
		script = new PurchaseScript(redis, properties, new UserRateLimitProperties(0, 1));
		rooms = new TestRooms(redis);
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@AfterEach
	void removeSale() {
		rooms.remove(this.saleId);
		redis.sync()
			.del(RedisKeys.buyers(this.saleId), RedisKeys.acceptedKeys(this.saleId), RedisKeys.holdings(this.saleId));
	}

	@Test
	void refusesAPurchaseWithoutTicket() {
		open(Duration.ofMinutes(2));

		assertThat(buy("u1", null).code()).isEqualTo(Code.NOT_ADMITTED);
		assertThat(TicketRefusals.of(Code.NOT_ADMITTED).code()).isEqualTo("not_admitted");
		assertUntouched(5);
	}

	@Test
	void refusesATicketStillWaiting() {
		open(Duration.ofMinutes(2));
		String ticket = rooms.arrive(this.saleId, "u1");

		assertThat(buy("u1", ticket).code()).isEqualTo(Code.NOT_ADMITTED);
		assertUntouched(5);
	}

	@Test
	void anAdmittedTicketBuysOnceAndItsRetryIsAnsweredTheSamePurchase() {
		open(Duration.ofMinutes(2));
		String ticket = admitted("u1");
		String key = UUID.randomUUID().toString();
		String purchaseId = UUID.randomUUID().toString();

		ScriptOutcome bought = script.run(this.saleId, "u1", 1, key, purchaseId, ticket).join();
		ScriptOutcome retried = script.run(this.saleId, "u1", 1, key, UUID.randomUUID().toString(), ticket).join();
		ScriptOutcome replayed = buy("u1", ticket);

		assertThat(bought).isEqualTo(new ScriptOutcome(Code.ACCEPTED, purchaseId));
		assertThat(retried).isEqualTo(new ScriptOutcome(Code.REPLAY, purchaseId));
		assertThat(replayed).isEqualTo(new ScriptOutcome(Code.TICKET_USED, purchaseId));
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo("4");
		assertThat(rooms.status(this.saleId, "u1", ticket)).isEqualTo("USED");
	}

	@Test
	void refusesAForgedTicket() {
		open(Duration.ofMinutes(2));
		admitted("u1");

		assertThat(buy("u1", "0123456789abcdef0123456789abcdef").code()).isEqualTo(Code.TICKET_INVALID);
		assertUntouched(5);
	}

	@Test
	void refusesAnotherShoppersTicket() {
		open(Duration.ofMinutes(2));
		String ticket = admitted("u1");

		assertThat(buy("thief", ticket).code()).isEqualTo(Code.TICKET_NOT_YOURS);
		assertUntouched(5);
		assertThat(rooms.status(this.saleId, "u1", ticket)).isEqualTo("ADMITTED");
	}

	@Test
	void refusesATicketOfAnotherSale() {
		open(Duration.ofMinutes(2));
		String other = "ticket-" + UUID.randomUUID().toString().substring(0, 8);
		rooms.load(other, 5, Instant.now().minusMillis(1), 1000, Duration.ofMinutes(5), Duration.ofMinutes(2));
		try {
			String ticket = rooms.arrive(other, "u1");

			assertThat(buy("u1", ticket).code()).isEqualTo(Code.TICKET_INVALID);
		}
		finally {
			rooms.remove(other);
		}
	}

	@Test
	void refusesATicketWhoseAdmissionWindowPassed() {
		open(Duration.ofMillis(300));
		String ticket = admitted("u1");

		await().atMost(Duration.ofSeconds(5)).until(() -> rooms.status(this.saleId, "u1", ticket).equals("EXPIRED"));

		assertThat(buy("u1", ticket).code()).isEqualTo(Code.TICKET_EXPIRED);
		assertUntouched(5);
	}

	@Test
	void aSaleWithoutWaitingRoomSellsWithOrWithoutTicket() {
		rooms.load(this.saleId, 5, Instant.now().minusSeconds(1), 1000, Duration.ofMinutes(5), Duration.ofMinutes(2));
		redis.sync().hdel(RedisKeys.sale(this.saleId), "room", "roomRate", "roomPrequeue");

		assertThat(buy("u1", null).code()).isEqualTo(Code.ACCEPTED);
		assertThat(buy("u2", "0123456789abcdef0123456789abcdef").code()).isEqualTo(Code.ACCEPTED);
	}

	private void open(Duration admissionWindow) {
		rooms.load(this.saleId, 5, Instant.now().minusMillis(1), 1000, Duration.ofMinutes(5), admissionWindow);
	}

	private String admitted(String userId) {
		String ticket = rooms.arrive(this.saleId, userId);
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
			rooms.tick(this.saleId);
			return rooms.status(this.saleId, userId, ticket).equals("ADMITTED");
		});
		return ticket;
	}

	private ScriptOutcome buy(String userId, String ticket) {
		return script.run(this.saleId, userId, 1, UUID.randomUUID().toString(), UUID.randomUUID().toString(), ticket)
			.join();
	}

	private void assertUntouched(int stock) {
		assertThat(redis.sync().get(RedisKeys.remaining(this.saleId))).isEqualTo(Integer.toString(stock));
		assertThat(redis.sync().hlen(RedisKeys.buyers(this.saleId))).isZero();
	}

}
