package io.seckill.ingress.room;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

/**
 * Waiting room fixtures for tests of other packages: a sale with a waiting room loaded
 * into the test Redis, tickets, the ticker's round.
 */
public final class TestRooms {

	private final SeckillRedis redis;

	private final RoomScripts scripts;

	public TestRooms(SeckillRedis redis) {
		this.redis = redis;
		this.scripts = new RoomScripts(redis);
	}

	/**
	 * Loads a sale with a waiting room, as {@code load-sale.lua} would.
	 * @param saleId the sale
	 * @param stock items
	 * @param startsAt opening
	 * @param ratePerSecond admission rate
	 * @param preQueue pre-queue window
	 * @param admissionWindow admission window
	 */
	public void load(String saleId, int stock, Instant startsAt, double ratePerSecond, Duration preQueue,
			Duration admissionWindow) {
		Map<String, String> fields = new HashMap<>();
		fields.put("item", "x");
		fields.put("stock", Integer.toString(stock));
		fields.put("limit", "1");
		fields.put("startsAt", Long.toString(startsAt.toEpochMilli()));
		fields.put("endsAt", Long.toString(startsAt.plusSeconds(3600).toEpochMilli()));
		fields.put("room", Long.toString(admissionWindow.toMillis()));
		fields.put("roomRate", Double.toString(ratePerSecond));
		fields.put("roomPrequeue", Long.toString(preQueue.toMillis()));
		this.redis.sync().hset(RedisKeys.sale(saleId), fields);
		this.redis.sync().set(RedisKeys.remaining(saleId), Integer.toString(stock));
	}

	/**
	 * A shopper's ticket.
	 * @param saleId the sale
	 * @param userId the shopper
	 * @return the ticket id
	 */
	public String arrive(String saleId, String userId) {
		return Objects.requireNonNull(this.scripts.arrive(saleId, userId).join().ticketId());
	}

	/**
	 * The ticket's status.
	 * @param saleId the sale
	 * @param userId its shopper
	 * @param ticketId the ticket
	 * @return WAITING, ADMITTED, SOLD_OUT, EXPIRED or USED
	 */
	public String status(String saleId, String userId, String ticketId) {
		return this.scripts.ticket(saleId, userId, ticketId).join().orElseThrow().status().name();
	}

	/**
	 * One ticker round for the sale.
	 * @param saleId the sale
	 */
	public void tick(String saleId) {
		this.scripts.tick(saleId, 1);
	}

	/**
	 * Removes every key of the sale's waiting room and its tickets.
	 * @param saleId the sale
	 */
	public void remove(String saleId) {
		var commands = this.redis.sync();
		for (String ticketId : commands.hvals(RedisKeys.roomUsers(saleId))) {
			commands.del(RedisKeys.ticket(saleId, ticketId));
		}
		commands.del(RedisKeys.room(saleId), RedisKeys.roomUsers(saleId), RedisKeys.roomEarly(saleId),
				RedisKeys.roomLog(saleId), RedisKeys.sale(saleId), RedisKeys.remaining(saleId));
		commands.srem(RedisKeys.ROOMS, saleId);
	}

}
