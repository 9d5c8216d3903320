package io.seckill.systemtests;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The waiting room and the purchase long-poll of issue 11 over HTTP, on the running
 * system: what a client relies on (README, "Waiting room" and the purchase poll), and
 * that a refusal changes no stock.
 */
class WaitingRoomApiIntegrationTests {

	private static final List<String> BAD_WAITS = List.of("abc", "-1", "1.5", "20ms", "PT5S", "12345", "");

	private static Api api;

	private static SeckillSystem system;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
		api = system.api();
	}

	@Test
	void purchasePollWithWaitAnswersAsSoonAsTheWorkerDecides() throws Exception {
		String saleId = newSale(5);
		long worker = system.reservationWorker().pid();
		Api.Answer bought;
		CompletableFuture<Api.Answer> poll;
		signal("STOP", worker);
		try {
			bought = api.purchase(saleId, "patient", 1);
			assertThat(bought.status()).isEqualTo(202);
			Api.Answer pending = api.poll(bought.text("purchaseId"), "patient");
			assertThat(pending.text("status")).isEqualTo("PENDING");
			assertThat(pending.json().get("refreshAfterSeconds").asLong()).isEqualTo(1);
			poll = CompletableFuture.supplyAsync(() -> api.poll(bought.text("purchaseId"), "patient", "30s"),
					Executors.newVirtualThreadPerTaskExecutor());
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !poll.isDone());
		}
		finally {
			signal("CONT", worker);
		}
		long resumed = System.nanoTime();

		Api.Answer answer = poll.get();

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text("status")).as("the poll answers the worker's decision").isEqualTo("CONFIRMED");
		assertThat(answer.json().get("refreshAfterSeconds").asLong()).isEqualTo(10);
		assertThat(Duration.ofNanos(System.nanoTime() - resumed)).as("answered before its 30 s wait ended")
			.isLessThan(Duration.ofSeconds(25));
	}

	@Test
	void purchasePollWithWaitAnswersAPaymentAndItsWaitEndingWithRefreshAfter() throws Exception {
		String saleId = newSale(5);
		Crowd.Accepted bought = buy(saleId, "payer");
		String orderId = confirmedOrder(bought);

		long start = System.nanoTime();
		Api.Answer unchanged = api.poll(bought.purchaseId(), "payer", "2s");
		Duration waited = Duration.ofNanos(System.nanoTime() - start);
		assertThat(unchanged.status()).isEqualTo(200);
		assertThat(unchanged.text("status")).isEqualTo("CONFIRMED");
		assertThat(unchanged.json().get("refreshAfterSeconds").asLong()).isEqualTo(10);
		assertThat(waited).as("a poll whose status does not change waits its wait out")
			.isGreaterThanOrEqualTo(Duration.ofMillis(1900))
			.isLessThan(Duration.ofSeconds(20));

		CompletableFuture<Api.Answer> poll = CompletableFuture.supplyAsync(
				() -> api.poll(bought.purchaseId(), "payer", "30s"), Executors.newVirtualThreadPerTaskExecutor());
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());
		long paidAt = System.nanoTime();
		assertThat(api.pay(orderId, "payer").status()).isEqualTo(200);

		Api.Answer paid = poll.get();
		assertThat(paid.text("status")).isEqualTo("PAID");
		assertThat(paid.json().get("refreshAfterSeconds").asLong()).isEqualTo(60);
		assertThat(Duration.ofNanos(System.nanoTime() - paidAt)).as("answered before its 30 s wait ended")
			.isLessThan(Duration.ofSeconds(25));

		start = System.nanoTime();
		Api.Answer decided = api.poll(bought.purchaseId(), "payer", "30s");
		assertThat(decided.text("status")).isEqualTo("PAID");
		assertThat(decided.json().get("refreshAfterSeconds").asLong()).isEqualTo(60);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a decided purchase is answered without waiting")
			.isLessThan(Duration.ofSeconds(25));
	}

	@Test
	void badWaitsAre400InvalidWaitAndChangeNothing() {
		String saleId = newSale(5);
		Crowd.Accepted bought = buy(saleId, "waiter");
		confirmedOrder(bought);
		String roomSale = newRoomSale(5, 1000, 60);
		String ticket = api.queue(roomSale, "waiter").text("ticket");

		for (String wait : BAD_WAITS) {
			assertError(api.poll(bought.purchaseId(), "waiter", wait), 400, "invalid_wait");
			assertError(api.ticket(roomSale, ticket, "waiter", wait), 400, "invalid_wait");
		}

		Api.Answer after = api.poll(bought.purchaseId(), "waiter");
		assertThat(after.text("status")).isEqualTo("CONFIRMED");
		assertThat(SaleInvariants.redisRemaining(saleId)).isEqualTo(4);
		assertThat(api.queue(roomSale, "waiter").text("ticket")).isEqualTo(ticket);
		assertThat(SaleInvariants.redisRemaining(roomSale)).isEqualTo(5);
	}

	@Test
	void anAdmittedTicketBuysOnceAndEveryOtherAttemptIsRefusedWithItsCode() {
		String saleId = newRoomSale(5, 1000, 60);

		assertError(api.purchaseWithTicket(saleId, "alice", null, key()), 403, "not_admitted");
		Api.Answer arrived = api.queue(saleId, "alice");
		assertThat(arrived.status()).isEqualTo(201);
		String ticket = arrived.text("ticket");
		assertThat(ticket).matches("[0-9a-f]{32}");
		assertThat(arrived.response().headers().firstValue("Location"))
			.hasValue("/api/sales/" + saleId + "/queue/" + ticket);
		assertThat(arrived.text("status")).isIn("WAITING", "ADMITTED");
		assertThat(arrived.json().get("position").asLong()).isEqualTo(1);
		assertThat(arrived.json().has("estimatedWaitSeconds")).isTrue();
		assertThat(arrived.json().get("refreshAfterSeconds").asLong()).isPositive();
		Api.Answer again = api.queue(saleId, "alice");
		assertThat(again.status()).as("a second arrival answers the ticket held").isEqualTo(200);
		assertThat(again.text("ticket")).isEqualTo(ticket);

		Api.Answer admitted = awaitStatus(saleId, ticket, "alice", "ADMITTED");
		assertThat(Instant.parse(admitted.text("admittedUntil"))).isAfter(Instant.now());
		assertThat(admitted.json().get("refreshAfterSeconds").asLong()).isPositive();

		assertError(api.ticket(saleId, ticket, "mallory", null), 404, "not_found");
		assertError(api.purchaseWithTicket(saleId, "mallory", ticket, key()), 403, "ticket_not_yours");
		assertError(api.purchaseWithTicket(saleId, "alice", "0123456789abcdef0123456789abcdef", key()), 403,
				"ticket_invalid");
		assertError(api.purchaseWithTicket(saleId, "alice", "not-a-ticket", key()), 403, "ticket_invalid");
		assertThat(SaleInvariants.redisRemaining(saleId)).isEqualTo(5);

		String key = key();
		Api.Answer bought = api.purchaseWithTicket(saleId, "alice", ticket, key);
		assertThat(bought.status()).isEqualTo(202);
		Api.Answer retried = api.purchaseWithTicket(saleId, "alice", ticket, key);
		assertThat(retried.status()).isEqualTo(202);
		assertThat(retried.text("purchaseId")).isEqualTo(bought.text("purchaseId"));
		assertError(api.purchaseWithTicket(saleId, "alice", ticket, key()), 403, "ticket_used");
		assertThat(SaleInvariants.redisRemaining(saleId)).as("one item for one ticket").isEqualTo(4);
		Api.Answer used = api.ticket(saleId, ticket, "alice", null);
		assertThat(used.text("status")).isEqualTo("USED");
		assertThat(used.text("purchaseId")).isEqualTo(bought.text("purchaseId"));
	}

	@Test
	void aTicketWhoseAdmissionWindowPassedIsRefused() {
		String saleId = newRoomSale(5, 1000, 10);
		String ticket = api.queue(saleId, "slowpoke").text("ticket");
		Api.Answer admitted = awaitStatus(saleId, ticket, "slowpoke", "ADMITTED");
		Instant until = Instant.parse(admitted.text("admittedUntil"));

		await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(until.plusMillis(200)));

		assertThat(api.ticket(saleId, ticket, "slowpoke", null).text("status")).isEqualTo("EXPIRED");
		assertError(api.purchaseWithTicket(saleId, "slowpoke", ticket, key()), 403, "ticket_expired");
		assertThat(SaleInvariants.redisRemaining(saleId)).isEqualTo(5);
	}

	@Test
	void soldOutReachesEveryWaitingTicketAtOnce() throws Exception {
		String saleId = newRoomSale(1, 1, 60);
		String first = api.queue(saleId, "first").text("ticket");
		awaitStatus(saleId, first, "first", "ADMITTED");
		List<String> tickets = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			tickets.add(api.queue(saleId, "behind-" + i).text("ticket"));
		}
		List<CompletableFuture<Long>> answeredAt = new ArrayList<>();
		List<CompletableFuture<Api.Answer>> polls = new ArrayList<>();
		try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < tickets.size(); i++) {
				int shopper = i;
				CompletableFuture<Api.Answer> poll = CompletableFuture
					.supplyAsync(() -> api.ticket(saleId, tickets.get(shopper), "behind-" + shopper, "30s"), threads);
				polls.add(poll);
				answeredAt.add(poll.thenApply((answer) -> System.nanoTime()));
			}
			await().atMost(Duration.ofSeconds(1)).pollDelay(Duration.ofMillis(500)).until(() -> true);
			long boughtAt = System.nanoTime();
			assertThat(api.purchaseWithTicket(saleId, "first", first, key()).status()).isEqualTo(202);

			int learned = 0;
			for (int i = 0; i < polls.size(); i++) {
				Api.Answer answer = polls.get(i).get();
				if (answeredAt.get(i).get() > boughtAt) {
					assertThat(answer.text("status")).as("a poll waiting when the last item sold")
						.isEqualTo("SOLD_OUT");
					learned++;
				}
				else {
					assertThat(answer.text("status")).as("only an admission answers a poll before")
						.isEqualTo("ADMITTED");
				}
				assertThat(answer.json().get("refreshAfterSeconds").asLong()).isPositive();
				assertThat(api.ticket(saleId, tickets.get(i), "behind-" + i, null).text("status"))
					.isEqualTo("SOLD_OUT");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - boughtAt)).as("the polls answered before their wait ended")
				.isLessThan(Duration.ofSeconds(25));
			assertThat(learned).as("waiting polls that learned SOLD_OUT").isGreaterThanOrEqualTo(10);
		}
	}

	static Api.Answer awaitStatus(String saleId, String ticket, String userId, String status) {
		Api.Answer[] last = new Api.Answer[1];
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			last[0] = api.ticket(saleId, ticket, userId, "5s");
			return status.equals(last[0].text("status"));
		});
		return last[0];
	}

	private static Crowd.Accepted buy(String saleId, String userId) {
		Api.Answer bought = api.purchase(saleId, userId, 1);
		assertThat(bought.status()).isEqualTo(202);
		return new Crowd.Accepted(bought.text("purchaseId"), userId);
	}

	private static String confirmedOrder(Crowd.Accepted bought) {
		String[] orderId = new String[1];
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			Api.Answer poll = api.poll(bought.purchaseId(), bought.userId());
			orderId[0] = poll.text("orderId");
			return "CONFIRMED".equals(poll.text("status")) && orderId[0] != null;
		});
		return orderId[0];
	}

	private static void assertError(Api.Answer answer, int status, String error) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.response().headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(answer.text("error")).as(answer.body()).isEqualTo(error);
		assertThat(answer.text("message")).isNotBlank();
	}

	private static String newSale(int stock) {
		String saleId = "poll-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, stock, 1).status()).isEqualTo(201);
		return saleId;
	}

	static String newRoomSale(int stock, int rate, int windowSeconds) {
		String saleId = "room-" + UUID.randomUUID().toString().substring(0, 8);
		Api.Answer created = api.createRoomSale(saleId, stock, 1, Instant.now().minusSeconds(1), rate, windowSeconds);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return saleId;
	}

	private static String key() {
		return UUID.randomUUID().toString();
	}

	private static void signal(String signal, long pid) throws IOException, InterruptedException {
		assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
	}

}
