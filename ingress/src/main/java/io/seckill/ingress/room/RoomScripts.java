package io.seckill.ingress.room;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

import org.springframework.stereotype.Component;

/**
 * The one caller of the waiting room scripts ({@code room-arrive.lua},
 * {@code room-ticket.lua}, {@code room-tick.lua}, each with {@code room-lib.lua} in
 * front): keys built here, replies parsed into types.
 */
@Component
class RoomScripts {

	private static final String LIBRARY = "scripts/room-lib.lua";

	private static final LuaScript ARRIVE = LuaScript.withLibrary(LIBRARY, "scripts/room-arrive.lua");

	private static final LuaScript TICKET = LuaScript.withLibrary(LIBRARY, "scripts/room-ticket.lua");

	private static final LuaScript TICK = LuaScript.withLibrary(LIBRARY, "scripts/room-tick.lua");

	private final SeckillRedis redis;

	RoomScripts(SeckillRedis redis) {
		this.redis = redis;
	}

	/**
	 * A shopper's ticket for a sale: a new one, or the one they hold.
	 * @param saleId the sale
	 * @param userId the shopper
	 * @return the arrival
	 */
	CompletableFuture<Arrival> arrive(String saleId, String userId) {
		String ticketId = Tickets.newId();
		String[] keys = { RedisKeys.sale(saleId), RedisKeys.room(saleId), RedisKeys.roomUsers(saleId),
				RedisKeys.roomEarly(saleId), RedisKeys.roomLog(saleId), RedisKeys.remaining(saleId),
				RedisKeys.ticket(saleId, ticketId), RedisKeys.ticket(saleId, "") };
		CompletableFuture<List<Object>> reply = ARRIVE.call(this.redis.async(), ScriptOutputType.MULTI, keys, userId,
				ticketId, Tickets.earlyScore());
		return reply.thenApply(Arrival::of);
	}

	/**
	 * Where a shopper's ticket stands.
	 * @param saleId the sale
	 * @param userId the shopper asking
	 * @param ticketId the ticket (well formed)
	 * @return its state, or empty if there is no such ticket of this shopper
	 */
	CompletableFuture<Optional<TicketState>> ticket(String saleId, String userId, String ticketId) {
		String[] keys = { RedisKeys.sale(saleId), RedisKeys.room(saleId), RedisKeys.roomEarly(saleId),
				RedisKeys.roomLog(saleId), RedisKeys.remaining(saleId), RedisKeys.ticket(saleId, ticketId) };
		CompletableFuture<List<Object>> reply = TICKET.call(this.redis.async(), ScriptOutputType.MULTI, keys, userId,
				ticketId);
		return reply.thenApply(
				(values) -> "OK".equals(values.get(0)) ? Optional.of(TicketState.of(values, 1)) : Optional.empty());
	}

	/**
	 * Advances a sale's serving counter by the time elapsed.
	 * @param saleId the sale
	 * @param automaticRate the rate to use if the sale's is "automatic"
	 * @return the room now, or {@code null} if the sale is gone or over
	 */
	@Nullable RoomTick tick(String saleId, double automaticRate) {
		String[] keys = { RedisKeys.sale(saleId), RedisKeys.room(saleId), RedisKeys.roomEarly(saleId),
				RedisKeys.roomLog(saleId), RedisKeys.remaining(saleId) };
		List<Object> reply = TICK.run(this.redis.sync(), ScriptOutputType.MULTI, keys, Double.toString(automaticRate));
		String phase = (String) reply.get(0);
		if ("GONE".equals(phase) || "ENDED".equals(phase)) {
			return null;
		}
		return RoomTick.of(saleId, reply);
	}

	/**
	 * What {@code room-arrive.lua} answered.
	 *
	 * @param kind NEW, HELD, or why there is no ticket
	 * @param ticketId the ticket, for NEW and HELD
	 * @param state where it stands, for NEW and HELD
	 * @param detail for ENDED and NOT_OPEN, the time in question (epoch ms)
	 */
	record Arrival(Kind kind, @Nullable String ticketId, @Nullable TicketState state, long detail) {

		static Arrival of(List<Object> reply) {
			Kind kind = Kind.valueOf((String) reply.get(0));
			return switch (kind) {
				case NEW, HELD -> new Arrival(kind, (String) reply.get(1), TicketState.of(reply, 2), 0);
				case ENDED, NOT_OPEN -> new Arrival(kind, null, null, Long.parseLong((String) reply.get(1)));
				case NO_SALE, NO_ROOM -> new Arrival(kind, null, null, 0);
			};
		}

		enum Kind {

			NEW, HELD, NO_SALE, NO_ROOM, ENDED, NOT_OPEN

		}

	}

}
