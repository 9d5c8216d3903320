package io.seckill.ingress.room;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.seckill.common.sale.SaleIds;
import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.resilience.RedisGuard;
import io.seckill.ingress.web.PollRoutes;
import io.seckill.ingress.web.Waits;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The waiting rooms' service and the ticket poll's route ahead of WebFlux.
 */
@Configuration(proxyBeanMethods = false)
class RoomConfiguration {

	private static final String PREFIX = "/api/sales/";

	private static final String QUEUE = "/queue/";

	@Bean
	RoomService roomService(RoomScripts scripts, RoomEvents events, RedisGuard redisGuard, ReplicaBarrier replicas,
			Clock clock) {
		return new RoomService(scripts, events, redisGuard, replicas, clock);
	}

	/**
	 * {@code GET /api/sales/{saleId}/queue/{ticket}} on Reactor Netty: a waiting ticket
	 * poll holds its connection and its room subscription, not a WebFlux exchange.
	 * @param polls the long-poll routes
	 * @param room the rooms
	 * @param properties the longest wait
	 * @return the route
	 */
	@Bean
	NettyRouteProvider ticketPollRoute(PollRoutes polls, RoomService room, WaitingRoomProperties properties) {
		return polls.route("ticket", RoomConfiguration::ticketAddress, (ids, wait, subject) -> room.ticket(ids.get(0),
				ids.get(1), Waits.parse(wait, properties.maxWait()), subject));
	}

	/**
	 * The sale id and ticket of a ticket address whose ids are well formed, as sent (no
	 * decoding); anything else is left to WebFlux, which answers it as before.
	 * @param path the request path
	 * @return sale id and ticket, or {@code null}
	 */
	static @Nullable List<String> ticketAddress(String path) {
		if (!path.startsWith(PREFIX)) {
			return null;
		}
		int queue = path.indexOf(QUEUE, PREFIX.length());
		if (queue < 0) {
			return null;
		}
		String saleId = path.substring(PREFIX.length(), queue);
		String ticket = path.substring(queue + QUEUE.length());
		return (SaleIds.isValid(saleId) && Tickets.isWellFormed(ticket)) ? List.of(saleId, ticket) : null;
	}

}
