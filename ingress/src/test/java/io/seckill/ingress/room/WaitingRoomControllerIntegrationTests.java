package io.seckill.ingress.room;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.ReplicaAckException;
import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.redis.TestRedis;
import io.seckill.ingress.resilience.RedisGuard;
import io.seckill.ingress.web.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tickets and long-polls through the controller, on the real test Redis: the ticket's
 * contract, sold-out reaching every waiting poll at once, and waiting polls that hold no
 * thread.
 */
class WaitingRoomControllerIntegrationTests {

	private static SeckillRedis redis;

	private static TestRooms rooms;

	private static ReplicaBarrier replicas;

	/** Wants three replicas of the test topology's two: confirms nothing. */
	private static ReplicaBarrier noReplica;

	private final String saleId = "poll-" + UUID.randomUUID().toString().substring(0, 8);

	private final RoomScripts scripts = new RoomScripts(redis);

	private final RoomEvents events = new RoomEvents();

	private final WaitingRoomController controller = controller(replicas);

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
		rooms = new TestRooms(redis);
		replicas = TestRedis.replicaBarrier(redis, 1, Duration.ofSeconds(2));
		noReplica = TestRedis.replicaBarrier(redis, 3, Duration.ofMillis(300));
	}

	@AfterAll
	static void disconnect() {
		replicas.close();
		noReplica.close();
		redis.close();
	}

	@AfterEach
	void removeRoom() {
		rooms.remove(this.saleId);
	}

	@Test
	void arrivalAnswersATicketWithPositionEtaAndRefreshInterval() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 2, Duration.ofMinutes(5), Duration.ofMinutes(2));
		for (int i = 0; i < 9; i++) {
			this.controller.arrive(this.saleId, shopper("ahead-" + i)).block();
		}

		ResponseEntity<TicketView> first = this.controller.arrive(this.saleId, shopper("u1")).block();
		ResponseEntity<TicketView> again = this.controller.arrive(this.saleId, shopper("u1")).block();

		assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(first.getHeaders().getLocation())
			.hasToString("/api/sales/" + this.saleId + "/queue/" + first.getBody().ticket());
		TicketView ticket = first.getBody();
		assertThat(ticket.status()).isEqualTo(TicketStatus.WAITING);
		assertThat(ticket.position()).isEqualTo(10);
		assertThat(ticket.estimatedWaitSeconds()).isPositive();
		assertThat(ticket.refreshAfterSeconds()).isBetween(1L, 20L);
		assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(again.getBody().ticket()).isEqualTo(ticket.ticket());
	}

	@Test
	void anotherShopperCannotReadATicket() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 2, Duration.ofMinutes(5), Duration.ofMinutes(2));
		String ticket = rooms.arrive(this.saleId, "u1");

		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.controller.ticket(this.saleId, ticket, null, shopper("u2")).block())
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.NOT_FOUND));
	}

	@Test
	void soldOutReachesEveryWaitingPollAtOnceAndThePollsHoldNoThread() {
		rooms.load(this.saleId, 1, Instant.now().minusMillis(1), 0.001, Duration.ofMinutes(5), Duration.ofMinutes(2));
		int shoppers = 1000;
		List<String> tickets = new ArrayList<>();
		for (int i = 0; i < shoppers; i++) {
			tickets.add(rooms.arrive(this.saleId, "u" + i));
		}
		int threadsBefore = Thread.activeCount();

		List<CompletableFuture<TicketView>> polls = new ArrayList<>();
		for (int i = 0; i < shoppers; i++) {
			polls.add(this.controller.ticket(this.saleId, tickets.get(i), "30s", shopper("u" + i)).toFuture());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.waiting(this.saleId) == shoppers);
		int threadsWhileWaiting = Thread.activeCount();
		assertThat(polls).noneMatch(CompletableFuture::isDone);

		redis.sync().set(RedisKeys.remaining(this.saleId), "0");
		this.events.publish(this.scripts.tick(this.saleId, 1));

		await().atMost(Duration.ofSeconds(10)).until(() -> polls.stream().allMatch(CompletableFuture::isDone));
		assertThat(polls).allSatisfy((poll) -> assertThat(poll.join().status()).isEqualTo(TicketStatus.SOLD_OUT));
		assertThat(threadsWhileWaiting - threadsBefore).as("threads for %d waiting polls", shoppers).isLessThan(20);
	}

	@Test
	void aLongPollAnswersWhenItsWaitEnds() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 0.001, Duration.ofMinutes(5), Duration.ofMinutes(2));
		rooms.arrive(this.saleId, "ahead");
		String ticket = rooms.arrive(this.saleId, "u1");
		long start = System.nanoTime();

		TicketView view = this.controller.ticket(this.saleId, ticket, "1s", shopper("u1")).block();

		assertThat(view.status()).isEqualTo(TicketStatus.WAITING);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900),
				Duration.ofSeconds(5));
	}

	@Test
	void aLongPollAnswersAsSoonAsItsTicketIsAdmitted() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 1000, Duration.ofMinutes(5), Duration.ofMinutes(2));
		String ticket = rooms.arrive(this.saleId, "u1");
		CompletableFuture<TicketView> poll = this.controller.ticket(this.saleId, ticket, "30s", shopper("u1"))
			.toFuture();

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			this.events.publish(this.scripts.tick(this.saleId, 1));
			return poll.isDone();
		});

		assertThat(poll.join().status()).isEqualTo(TicketStatus.ADMITTED);
		assertThat(poll.join().admittedUntil()).isAfter(Instant.now());
	}

	@Test
	void aSoldOutTicketsLongPollAnswersWhenStockComesBack() {
		rooms.load(this.saleId, 1, Instant.now().minusMillis(1), 0.001, Duration.ofMinutes(5), Duration.ofMinutes(2));
		rooms.arrive(this.saleId, "ahead");
		String ticket = rooms.arrive(this.saleId, "u1");
		redis.sync().set(RedisKeys.remaining(this.saleId), "0");
		assertThat(this.controller.ticket(this.saleId, ticket, null, shopper("u1")).block().status())
			.isEqualTo(TicketStatus.SOLD_OUT);
		CompletableFuture<TicketView> poll = this.controller.ticket(this.saleId, ticket, "30s", shopper("u1"))
			.toFuture();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.waiting(this.saleId) == 1);

		this.events.publish(this.scripts.tick(this.saleId, 1));
		assertThat(poll).as("still sold out: the poll waits").isNotDone();
		// An expired order or a rejected purchase gave an item back.
		redis.sync().set(RedisKeys.remaining(this.saleId), "1");
		this.events.publish(this.scripts.tick(this.saleId, 1));

		await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
		assertThat(poll.join().status()).isEqualTo(TicketStatus.WAITING);
		assertThat(poll.join().position()).isEqualTo(2);
	}

	@Test
	void aLongPollAnswersItsTicketWhenItsRoomEnds() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 0.001, Duration.ofMinutes(5), Duration.ofMinutes(2));
		rooms.arrive(this.saleId, "ahead");
		String ticket = rooms.arrive(this.saleId, "u1");
		CompletableFuture<TicketView> poll = this.controller.ticket(this.saleId, ticket, "30s", shopper("u1"))
			.toFuture();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.waiting(this.saleId) == 1);

		this.events.end(this.saleId);

		await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
		assertThat(poll.join()).as("an answer with a body, not an empty one").isNotNull();
		assertThat(poll.join().ticket()).isEqualTo(ticket);
	}

	@Test
	void aLongPollOfAnAdmittedTicketAnswersAtOnce() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 1000, Duration.ofMinutes(5), Duration.ofMinutes(2));
		String ticket = rooms.arrive(this.saleId, "u1");
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
			rooms.tick(this.saleId);
			return rooms.status(this.saleId, "u1", ticket).equals("ADMITTED");
		});
		// The shopper's last answer said WAITING: their next long-poll must not hold them
		// through the admission window they have to buy in.
		CompletableFuture<TicketView> poll = this.controller.ticket(this.saleId, ticket, "30s", shopper("u1"))
			.toFuture();

		await().atMost(Duration.ofSeconds(10)).until(poll::isDone);
		assertThat(poll.join().status()).isEqualTo(TicketStatus.ADMITTED);
		assertThat(this.events.waiting(this.saleId)).isZero();
	}

	@Test
	void aTicketOrAnAdmissionNoReplicaHoldsIsAnswered503AndItsRetryTheSameTicket() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 1000, Duration.ofMinutes(5), Duration.ofMinutes(2));
		rooms.arrive(this.saleId, "ahead");
		WaitingRoomController unreplicated = controller(noReplica);

		assertThatExceptionOfType(ReplicaAckException.class)
			.isThrownBy(() -> unreplicated.arrive(this.saleId, shopper("u1")).block());
		ResponseEntity<TicketView> retried = this.controller.arrive(this.saleId, shopper("u1")).block();
		assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(retried.getBody().ticket()).isEqualTo(redis.sync().hget(RedisKeys.roomUsers(this.saleId), "u1"));

		String ticket = retried.getBody().ticket();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
			rooms.tick(this.saleId);
			return rooms.status(this.saleId, "u1", ticket).equals("ADMITTED");
		});
		assertThatExceptionOfType(ReplicaAckException.class)
			.isThrownBy(() -> unreplicated.ticket(this.saleId, ticket, null, shopper("u1")).block());
		assertThat(this.controller.ticket(this.saleId, ticket, null, shopper("u1")).block().status())
			.isEqualTo(TicketStatus.ADMITTED);
	}

	@Test
	void aWaitingTicketIsAnsweredWithoutWaitingForAReplica() {
		rooms.load(this.saleId, 10, Instant.now().minusMillis(1), 0.001, Duration.ofMinutes(5), Duration.ofMinutes(2));
		rooms.arrive(this.saleId, "ahead");
		String ticket = rooms.arrive(this.saleId, "u1");

		TicketView view = controller(noReplica).ticket(this.saleId, ticket, null, shopper("u1")).block();

		assertThat(view.status()).isEqualTo(TicketStatus.WAITING);
	}

	private WaitingRoomController controller(ReplicaBarrier barrier) {
		return new WaitingRoomController(
				new RoomService(this.scripts, this.events, passThrough(), barrier, Clock.systemUTC()),
				new WaitingRoomProperties(Duration.ofMillis(250), Duration.ofSeconds(30), 50), Clock.systemUTC());
	}

	private static Jwt shopper(String userId) {
		return Jwt.withTokenValue("token").header("alg", "HS256").subject(userId).build();
	}

	private static RedisGuard passThrough() {
		RedisGuard guard = mock();
		given(guard.readAsync(any())).willAnswer(
				(invocation) -> invocation.<Supplier<CompletableFuture<?>>>getArgument(0).get().toCompletableFuture());
		return guard;
	}

}
