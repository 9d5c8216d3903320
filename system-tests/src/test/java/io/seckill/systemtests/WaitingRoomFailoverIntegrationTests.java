package io.seckill.systemtests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis master is killed ({@code kill -9}) while a waiting room's line is long and
 * admitted shoppers are buying (issue 11). Each shopper takes a ticket, long-polls it,
 * and once admitted thinks up to two seconds, then buys, retrying a {@code 503} with the
 * same {@code Idempotency-Key} for as long as its admission window lasts (README,
 * "Waiting room", Failover). Invariants: every admitted shopper ends with a purchase or
 * {@code 410 sold_out} (none refused as not admitted, expired or unknown, none left
 * without an answer when its window closed); every ticket and its position survive; the
 * serving counter on the new master covers every admission announced before the kill; the
 * stock sells out (at least as many {@code 202}s as items) with no oversell, and the
 * DESIGN.md invariants (Redis and MySQL agree on what is left).
 */
class WaitingRoomFailoverIntegrationTests {

	static final int STOCK = 150;

	static final int SHOPPERS = 300;

	static final int RATE = 15;

	/** The shortest admission window a sale may have: a failover must fit in it. */
	static final int WINDOW_SECONDS = 10;

	private static SeckillSystem system;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
	}

	@AfterEach
	void restoreTopology() {
		RedisTopology.restore();
	}

	@Test
	void killedMasterMidQueueLosesNoAdmittedShopperAndOversellsNothing() throws Exception {
		Api api = system.api();
		String saleId = "room-kill-" + UUID.randomUUID().toString().substring(0, 8);
		Api.Answer created = api.createRoomSale(saleId, STOCK, 1, Instant.now().minusSeconds(1), RATE, WINDOW_SECONDS);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Shoppers shoppers = new Shoppers(api, saleId);
		long killedAt;
		long servedBefore;
		try (RedisTopology.SwitchWatch watch = RedisTopology.watchSwitch()) {
			shoppers.start();
			await("40 purchases before the fault").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> shoppers.accepted.size() >= 40);
			servedBefore = shoppers.maxAdmittedPosition();
			int oldMaster = RedisTopology.masterPort();
			killedAt = System.nanoTime();
			RedisTopology.kill(oldMaster);
			long switched = watch.announcedAt() - killedAt;
			long servedAfter = Infrastructure
				.withRedis((connection) -> Long.parseLong(connection.sync().hget(RedisKeys.room(saleId), "served")));
			System.out.println("[room failover] kill -9 master " + oldMaster + " -> " + RedisTopology.masterPort()
					+ ", +switch-master " + switched / 1_000_000 + " ms after the kill; admitted position "
					+ servedBefore + " announced before the kill, served on the new master " + servedAfter);
			assertThat(servedAfter).as("serving counter on the new master vs the admissions announced before the kill")
				.isGreaterThanOrEqualTo(servedBefore);
			shoppers.awaitDone(Duration.ofSeconds(180));
		}
		List<Crowd.Accepted> accepted = List.copyOf(shoppers.accepted);
		System.out.println("[room failover] " + shoppers.summary());

		assertThat(shoppers.failures).as("shoppers let down").isEmpty();
		assertThat(shoppers.admitted.get()).as("admitted shoppers").isGreaterThanOrEqualTo(STOCK);
		assertThat(accepted).as("purchases accepted").hasSizeGreaterThanOrEqualTo(STOCK);
		for (Map.Entry<String, Ticket> entry : shoppers.tickets.entrySet()) {
			Api.Answer now = api.ticket(saleId, entry.getValue().id(), entry.getKey(), null);
			assertThat(now.status()).as("ticket of %s after the failover", entry.getKey()).isEqualTo(200);
			assertThat(now.json().get("position").asLong()).as("position of %s", entry.getKey())
				.isEqualTo(entry.getValue().position());
		}
		SaleInvariants.assertHold("room kill -9 master", api, saleId, STOCK, 1, accepted);
	}

	record Ticket(String id, long position) {
	}

	/**
	 * The crowd in the waiting room, one virtual thread per shopper.
	 */
	static final class Shoppers {

		private final Api api;

		private final String saleId;

		final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

		final Map<String, Long> admittedPositions = new ConcurrentHashMap<>();

		final ConcurrentLinkedQueue<Crowd.Accepted> accepted = new ConcurrentLinkedQueue<>();

		final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		final AtomicLong admitted = new AtomicLong();

		final AtomicLong soldOut = new AtomicLong();

		final AtomicLong unavailable = new AtomicLong();

		private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

		Shoppers(Api api, String saleId) {
			this.api = api;
			this.saleId = saleId;
		}

		void start() {
			for (int i = 0; i < SHOPPERS; i++) {
				String userId = "waiter-" + i;
				this.threads.submit(() -> {
					try {
						shop(userId);
					}
					catch (RuntimeException ex) {
						this.failures.add(userId + ": " + ex);
					}
					return null;
				});
			}
		}

		long maxAdmittedPosition() {
			return this.admittedPositions.values().stream().mapToLong(Long::longValue).max().orElse(0);
		}

		void awaitDone(Duration within) throws InterruptedException {
			this.threads.shutdown();
			assertThat(this.threads.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)).as("every shopper done")
				.isTrue();
		}

		String summary() {
			return "tickets " + this.tickets.size() + ", admitted " + this.admitted + ", bought " + this.accepted.size()
					+ ", sold out " + this.soldOut + ", 503 or no answer " + this.unavailable + ", failures "
					+ this.failures.size();
		}

		private void shop(String userId) throws InterruptedException {
			List<String> trace = new ArrayList<>();
			Api.Answer arrival = retried(trace, () -> this.api.queue(this.saleId, userId));
			if (arrival.status() != 201 && arrival.status() != 200) {
				this.failures.add(userId + " arrival: " + arrival.status() + " " + arrival.body());
				return;
			}
			Ticket ticket = new Ticket(arrival.text("ticket"), arrival.json().get("position").asLong());
			this.tickets.put(userId, ticket);
			Api.Answer state = arrival;
			while (true) {
				String status = state.text("status");
				if ("ADMITTED".equals(status)) {
					break;
				}
				if ("SOLD_OUT".equals(status)) {
					this.soldOut.incrementAndGet();
					return;
				}
				if (!"WAITING".equals(status)) {
					this.failures.add(userId + " waiting: " + state.body() + " after " + trace);
					return;
				}
				state = retried(trace, () -> this.api.ticket(this.saleId, ticket.id(), userId, "20s"));
				if (state.status() != 200) {
					this.failures.add(userId + " poll: " + state.status() + " " + state.body());
					return;
				}
			}
			this.admitted.incrementAndGet();
			this.admittedPositions.put(userId, ticket.position());
			Instant until = Instant.parse(state.text("admittedUntil"));
			Thread.sleep(ThreadLocalRandom.current().nextLong(2000));
			String key = UUID.randomUUID().toString();
			while (Instant.now().isBefore(until)) {
				Api.Answer answer = attempt(() -> this.api.purchaseWithTicket(this.saleId, userId, ticket.id(), key));
				if (answer == null || answer.status() == 503) {
					this.unavailable.incrementAndGet();
					Thread.sleep(100);
					continue;
				}
				if (answer.status() == 202) {
					this.accepted.add(new Crowd.Accepted(answer.text("purchaseId"), userId));
				}
				else if (answer.status() == 410) {
					this.soldOut.incrementAndGet();
				}
				else {
					this.failures.add(userId + " admitted until " + until + ", purchase: " + answer.status() + " "
							+ answer.body());
				}
				return;
			}
			this.failures.add(userId + " admitted until " + until + ": no answer but 503 within the window");
		}

		/**
		 * Retries 503s and lost answers for 60 s: the shopper keeps its place meanwhile.
		 */
		private static Api.Answer retried(List<String> trace, java.util.function.Supplier<Api.Answer> call)
				throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (true) {
				Api.Answer answer = attempt(call);
				trace.add(Instant.now() + " " + ((answer != null) ? answer.status() + " "
						+ ((answer.status() == 200 || answer.status() == 201) ? answer.text("status") : answer.body())
						: "no answer"));
				if ((answer != null && answer.status() != 503) || System.nanoTime() > deadline) {
					return (answer != null) ? answer : new Api.Answer(0, "no answer", null);
				}
				Thread.sleep(100);
			}
		}

		private static Api.Answer attempt(java.util.function.Supplier<Api.Answer> call) {
			try {
				return call.get();
			}
			catch (IllegalStateException ex) {
				return null;
			}
		}

	}

}
