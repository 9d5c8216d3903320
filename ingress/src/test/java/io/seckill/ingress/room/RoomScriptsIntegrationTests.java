package io.seckill.ingress.room;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.TestRedis;
import io.seckill.ingress.room.RoomScripts.Arrival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The waiting room scripts on the real test Redis master: tickets, the fair start, FIFO,
 * the serving counter and sold-out.
 */
class RoomScriptsIntegrationTests {

	private static SeckillRedis redis;

	private static RoomScripts scripts;

	private static TestRooms rooms;

	private final String saleId = "room-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeAll
	static void connect() {
		redis = TestRedis.connect();
		scripts = new RoomScripts(redis);
		rooms = new TestRooms(redis);
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@AfterEach
	void removeRoom() {
		rooms.remove(this.saleId);
	}

	@Test
	void aShopperHoldsOneTicketPerSale() {
		open(10, 1);

		Arrival first = scripts.arrive(this.saleId, "u1").join();
		Arrival second = scripts.arrive(this.saleId, "u1").join();

		assertThat(first.kind()).isEqualTo(Arrival.Kind.NEW);
		assertThat(second.kind()).isEqualTo(Arrival.Kind.HELD);
		assertThat(second.ticketId()).isEqualTo(first.ticketId());
		assertThat(second.state().position()).isEqualTo(first.state().position()).isEqualTo(1L);
		assertThat(redis.sync().hlen(RedisKeys.roomUsers(this.saleId))).isEqualTo(1);
	}

	@Test
	void laterArrivalsQueueAndAreAdmittedInArrivalOrder() {
		open(10, 4);
		List<String> tickets = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			tickets.add(rooms.arrive(this.saleId, "u" + i));
		}
		List<Integer> admissionOrder = new ArrayList<>();

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
			rooms.tick(this.saleId);
			for (int i = 0; i < tickets.size(); i++) {
				if (!admissionOrder.contains(i)
						&& rooms.status(this.saleId, "u" + i, tickets.get(i)).equals("ADMITTED")) {
					admissionOrder.add(i);
				}
			}
			return admissionOrder.size() == tickets.size();
		});

		assertThat(admissionOrder).containsExactly(0, 1, 2, 3, 4, 5);
		for (int i = 0; i < tickets.size(); i++) {
			assertThat(scripts.ticket(this.saleId, "u" + i, tickets.get(i)).join().orElseThrow().position())
				.isEqualTo(i + 1L);
		}
	}

	@Test
	void earlyArrivalsGetRandomPlacesAtTheOpeningAndLaterOnesQueueBehind() {
		Instant startsAt = Instant.now().plusMillis(1500);
		rooms.load(this.saleId, 10, startsAt, 1, Duration.ofMinutes(5), Duration.ofMinutes(2));
		int early = 40;
		List<String> tickets = new ArrayList<>();
		for (int i = 0; i < early; i++) {
			// User ids in arrival order and in sorted order alike: neither may decide.
			Arrival arrival = scripts.arrive(this.saleId, String.format("early-%02d", i)).join();
			assertThat(arrival.state().position()).isNull();
			assertThat(arrival.state().status()).isEqualTo(TicketStatus.WAITING);
			tickets.add(arrival.ticketId());
		}

		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(startsAt.plusMillis(100)));
		Arrival late = scripts.arrive(this.saleId, "late").join();

		List<Long> positions = IntStream.range(0, early)
			.mapToObj((i) -> scripts.ticket(this.saleId, String.format("early-%02d", i), tickets.get(i))
				.join()
				.orElseThrow()
				.position())
			.toList();
		assertThat(new HashSet<>(positions)).isEqualTo(Set.copyOf(LongRange.of(1, early)));
		assertThat(positions).isNotEqualTo(LongRange.of(1, early));
		assertThat(KendallTau.of(positions)).as("order against arrival and user id").isBetween(-0.5, 0.5);
		assertThat(late.state().position()).isEqualTo(early + 1L);
	}

	@Test
	void afterTheDrawEarlyArrivalsAreAdmittedInTheirDrawnOrderThenLaterOnesFirstComeFirstServed() {
		Instant startsAt = Instant.now().plusMillis(1000);
		rooms.load(this.saleId, 100, startsAt, 1, Duration.ofMinutes(5), Duration.ofMinutes(2));
		List<String> users = new ArrayList<>();
		Map<String, String> tickets = new HashMap<>();
		for (int i = 0; i < 10; i++) {
			String userId = "early-" + i;
			users.add(userId);
			tickets.put(userId, rooms.arrive(this.saleId, userId));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(startsAt.plusMillis(50)));
		for (int i = 0; i < 10; i++) {
			String userId = "late-" + i;
			users.add(userId);
			tickets.put(userId, rooms.arrive(this.saleId, userId));
		}
		Map<String, Long> positions = new HashMap<>();
		users.forEach((userId) -> positions.put(userId, position(userId, tickets.get(userId))));
		assertThat(users.subList(0, 10).stream().map(positions::get)).as("early arrivals: places 1 to 10, drawn")
			.containsExactlyInAnyOrderElementsOf(LongRange.of(1, 10));
		assertThat(users.subList(10, 20).stream().map(positions::get)).as("later arrivals: behind, in arrival order")
			.containsExactlyElementsOf(LongRange.of(11, 20));
		redis.sync().hset(RedisKeys.sale(this.saleId), "roomRate", "20");
		Set<String> admitted = new HashSet<>();

		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			rooms.tick(this.saleId);
			for (String userId : users) {
				if (rooms.status(this.saleId, userId, tickets.get(userId)).equals("ADMITTED")) {
					admitted.add(userId);
				}
			}
			// Admitted so far: always the first places, none skipped.
			assertThat(admitted.stream().map(positions::get))
				.containsExactlyInAnyOrderElementsOf(LongRange.of(1, admitted.size()));
			return admitted.size() == users.size();
		});
	}

	@Test
	void theDrawOfTheEarlyArrivalsDependsNeitherOnUserIdsNorOnArrivalOrder() {
		String other = "room-" + UUID.randomUUID().toString().substring(0, 8);
		Instant startsAt = Instant.now().plusMillis(1000);
		rooms.load(this.saleId, 10, startsAt, 1, Duration.ofMinutes(5), Duration.ofMinutes(2));
		rooms.load(other, 10, startsAt, 1, Duration.ofMinutes(5), Duration.ofMinutes(2));
		try {
			// The same shoppers, arriving in the same order at two sales: a draw decided
			// by
			// user id or arrival order would place them alike in both.
			List<String> users = IntStream.range(0, 20).mapToObj((i) -> "shopper-" + (char) ('t' - i)).toList();
			Map<String, String> here = new HashMap<>();
			Map<String, String> there = new HashMap<>();
			for (String userId : users) {
				here.put(userId, rooms.arrive(this.saleId, userId));
				there.put(userId, rooms.arrive(other, userId));
			}
			await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(startsAt.plusMillis(50)));

			List<Long> positionsHere = users.stream().map((userId) -> position(userId, here.get(userId))).toList();
			List<Long> positionsThere = users.stream()
				.map((userId) -> scripts.ticket(other, userId, there.get(userId)).join().orElseThrow().position())
				.toList();

			assertThat(positionsHere).as("draws of two sales").isNotEqualTo(positionsThere);
			List<Long> byUserId = users.stream().sorted().map((userId) -> position(userId, here.get(userId))).toList();
			assertThat(KendallTau.of(byUserId)).as("order against user ids").isBetween(-0.6, 0.6);
			assertThat(KendallTau.of(positionsHere)).as("order against arrival").isBetween(-0.6, 0.6);
		}
		finally {
			rooms.remove(other);
		}
	}

	@Test
	void aShopperArrivingManyTimesAtOnceHoldsOneTicket() {
		open(10, 1);

		List<CompletableFuture<Arrival>> arrivals = IntStream.range(0, 20)
			.mapToObj((i) -> scripts.arrive(this.saleId, "eager"))
			.toList();

		Set<String> tickets = new HashSet<>();
		arrivals.forEach((arrival) -> tickets.add(arrival.join().ticketId()));
		assertThat(tickets).hasSize(1);
		assertThat(arrivals.stream().filter((arrival) -> arrival.join().kind() == Arrival.Kind.NEW)).hasSize(1);
		assertThat(redis.sync().hget(RedisKeys.room(this.saleId), "issued")).isEqualTo("1");
	}

	@Test
	void refusesArrivalsBeforeThePreQueueWindow() {
		rooms.load(this.saleId, 10, Instant.now().plusSeconds(600), 1, Duration.ofMinutes(5), Duration.ofMinutes(2));

		Arrival arrival = scripts.arrive(this.saleId, "u1").join();

		assertThat(arrival.kind()).isEqualTo(Arrival.Kind.NOT_OPEN);
		assertThat(redis.sync().exists(RedisKeys.roomUsers(this.saleId))).isZero();
	}

	@Test
	void soldOutReachesEveryWaitingTicketAndTheLineMovesWhenStockComesBack() {
		open(1, 1);
		List<String> tickets = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			tickets.add(rooms.arrive(this.saleId, "u" + i));
		}

		redis.sync().set(RedisKeys.remaining(this.saleId), "0");
		RoomTick soldOut = scripts.tick(this.saleId, 1);

		assertThat(soldOut.remaining()).isZero();
		for (int i = 0; i < tickets.size(); i++) {
			assertThat(rooms.status(this.saleId, "u" + i, tickets.get(i))).isEqualTo("SOLD_OUT");
		}
		long served = soldOut.served();

		// Two items come back: one for the shopper admitted before the sale sold out
		// (their
		// window is still open), one moves the line.
		redis.sync().set(RedisKeys.remaining(this.saleId), "2");
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> scripts.tick(this.saleId, 1).served() > served);
		assertThat(rooms.status(this.saleId, "u4", tickets.get(4))).isEqualTo("WAITING");
	}

	@Test
	void admittedShoppersWhoMayStillBuyStayWithinTheStockLeft() {
		open(2, 1000);
		for (int i = 0; i < 10; i++) {
			rooms.arrive(this.saleId, "u" + i);
		}

		assertThat(scripts.tick(this.saleId, 1).served()).as("a second's worth at 1,000/s, but two items").isEqualTo(2);
		assertThat(scripts.tick(this.saleId, 1).served()).isEqualTo(2);

		// Both bought (the purchase script counts used tickets and takes the stock), then
		// a rejection gave one item back: the line moves by one.
		redis.sync().hincrby(RedisKeys.room(this.saleId), "used", 2);
		redis.sync().set(RedisKeys.remaining(this.saleId), "1");
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> scripts.tick(this.saleId, 1).served() == 3);
		assertThat(scripts.tick(this.saleId, 1).served()).isEqualTo(3);
	}

	@Test
	void twoTickersAdmitNoFasterThanOne() {
		open(1000, 20);
		for (int i = 0; i < 200; i++) {
			rooms.arrive(this.saleId, "u" + i);
		}
		Instant start = Instant.now();
		long startServed = scripts.tick(this.saleId, 1).served();

		RoomTick last = null;
		while (Duration.between(start, Instant.now()).toMillis() < 1000) {
			scripts.tick(this.saleId, 1);
			last = scripts.tick(this.saleId, 1);
		}
		double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;

		assertThat(last.served() - startServed).isLessThanOrEqualTo((long) Math.ceil(20 * seconds) + 1);
	}

	private long position(String userId, String ticket) {
		return scripts.ticket(this.saleId, userId, ticket).join().orElseThrow().position();
	}

	/**
	 * A sale open since a second ago: the ticker's first round admits one second's worth.
	 */
	private void open(int stock, double rate) {
		rooms.load(this.saleId, stock, Instant.now().minusMillis(1), rate, Duration.ofMinutes(5),
				Duration.ofMinutes(2));
	}

	private static final class LongRange {

		static List<Long> of(long from, long to) {
			List<Long> values = new ArrayList<>();
			for (long i = from; i <= to; i++) {
				values.add(i);
			}
			return values;
		}

	}

}
