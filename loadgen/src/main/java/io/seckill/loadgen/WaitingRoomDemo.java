package io.seckill.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.loadgen.SeckillApi.NewRoomSale;
import io.seckill.loadgen.SeckillApi.Room;

/**
 * {@code demo --waiting-room} (issue 11): a sale with a waiting room, its crowd arriving
 * partly in the pre-queue window and partly after the opening, every shopper waiting with
 * long-polls and buying once admitted; then a fairness report: whether the early arrivals
 * were shuffled (Kendall's tau of their places against arrival order, near 0), whether
 * the later ones were served in arrival order (tau near 1), the longest wait, and every
 * answer by status (no {@code 503} should reach a shopper).
 */
final class WaitingRoomDemo {

	/** Tickets are handed out from this long before the opening. */
	private static final Duration PRE_QUEUE = Duration.ofSeconds(60);

	/** The early arrivals come during this time before the opening. */
	private static final Duration EARLY_SPREAD = Duration.ofSeconds(6);

	/** The last early arrival comes this long before the opening. */
	private static final Duration EARLY_MARGIN = Duration.ofSeconds(2);

	/** The later arrivals come during this time after the opening. */
	private static final Duration LATE_SPREAD = Duration.ofSeconds(3);

	private final DemoSettings settings;

	private final JsonMapper json;

	private final PrintStream out;

	private final PrintStream err;

	private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

	WaitingRoomDemo(DemoSettings settings, JsonMapper json, PrintStream out, PrintStream err) {
		this.settings = settings;
		this.json = json;
		this.out = out;
		this.err = err;
	}

	/**
	 * Runs the sale and prints the report.
	 * @return 0 when no shopper got a {@code 503} or no answer, 1 otherwise
	 * @throws InterruptedException if interrupted while the crowd waits
	 */
	int run() throws InterruptedException {
		Instant now = Instant.now();
		DevTokens tokens = new DevTokens(this.settings.secret());
		Duration ttl = Duration.ofHours(2);
		int users = this.settings.users();
		int early = Math.max(1, users / 5);
		try (SeckillApi api = new SeckillApi(this.settings.url(), this.settings.requestTimeout().plusSeconds(25),
				this.json)) {
			Shoppers shoppers = Shoppers.mint(tokens, users, ttl, now);
			Instant startsAt = Instant.now()
				.plus(EARLY_SPREAD)
				.plus(EARLY_MARGIN)
				.plusSeconds(1)
				.truncatedTo(ChronoUnit.MILLIS);
			ApiAnswer created = api.createSale(tokens.mint("loadgen-admin", true, ttl, now),
					new NewRoomSale(this.settings.saleId(), this.settings.item(), this.settings.stock(), 1, startsAt,
							startsAt.plus(Duration.ofHours(1)),
							new Room("automatic", (int) PRE_QUEUE.toSeconds(), 30)));
			if (created.status() != 201) {
				this.err.println("could not create the sale: " + created);
				return 1;
			}
			this.err.printf(Locale.ROOT, "%s: %,d shoppers, %,d of them in the pre-queue, opening at %s%n",
					this.settings.saleId(), users, early, startsAt);
			List<Shopper> results = crowd(api, shoppers, users, early, startsAt);
			this.out.print(report(results, early, startsAt));
			long refused = count("503") + count("no answer");
			return (refused == 0) ? 0 : 1;
		}
	}

	private List<Shopper> crowd(SeckillApi api, Shoppers shoppers, int users, int early, Instant startsAt)
			throws InterruptedException {
		List<Shopper> results = new ArrayList<>();
		// The early arrivals end EARLY_MARGIN before the opening however long the sale's
		// creation took: planned from the opening, not from now.
		Instant begin = startsAt.minus(EARLY_MARGIN).minus(EARLY_SPREAD);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < users; i++) {
				Instant arrival = (i < early) ? begin.plus(EARLY_SPREAD.multipliedBy(i).dividedBy(early))
						: startsAt.plusMillis(200).plus(LATE_SPREAD.multipliedBy(i - early).dividedBy(users - early));
				Shopper shopper = new Shopper(i, arrival);
				results.add(shopper);
				threads.submit(() -> shop(api, shoppers.token(shopper.index), shopper));
			}
		}
		return results;
	}

	private void shop(SeckillApi api, String token, Shopper shopper) {
		try {
			sleepUntil(shopper.plannedArrival);
			shopper.sentAt = Instant.now();
			ApiAnswer ticket = counted("queue", api.queue(token, this.settings.saleId()));
			shopper.arrivedNanos = System.nanoTime();
			shopper.arrivedAt = Instant.now();
			if (ticket.status() != 201 && ticket.status() != 200) {
				return;
			}
			// The server's word, not the plan: a ticket taken before the opening has no
			// place yet (it is drawn at the opening); one taken after has its place.
			shopper.preQueued = !ticket.body().path("position").isNumber();
			shopper.ticket = ticket.body().path("ticket").asString();
			JsonNode state = ticket.body();
			int wait = 20;
			while ("WAITING".equals(state.path("status").asString())) {
				ApiAnswer polled = counted("poll", api.ticket(token, this.settings.saleId(), shopper.ticket, wait));
				if (polled.status() != 200) {
					return;
				}
				state = polled.body();
			}
			if (state.path("position").isNumber()) {
				shopper.position = state.path("position").asLong();
			}
			shopper.finalStatus = state.path("status").asString();
			if ("ADMITTED".equals(shopper.finalStatus)) {
				shopper.admittedNanos = System.nanoTime();
				shopper.admittedAt = Instant.now();
				ApiAnswer bought = counted("purchase",
						api.purchase(token, this.settings.saleId(), UUID.randomUUID(), shopper.ticket));
				shopper.purchase = bought.status();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private ApiAnswer counted(String call, ApiAnswer answer) {
		String status = (answer.status() == ApiAnswer.NO_ANSWER) ? "no answer" : Integer.toString(answer.status());
		this.answers.computeIfAbsent(call + " " + status, (key) -> new AtomicLong()).incrementAndGet();
		return answer;
	}

	private long count(String status) {
		return this.answers.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith(" " + status))
			.mapToLong((entry) -> entry.getValue().get())
			.sum();
	}

	private String report(List<Shopper> shoppers, int early, Instant startsAt) {
		StringBuilder report = new StringBuilder();
		report.append(String.format(Locale.ROOT, "%nWaiting room demo, sale %s (%,d items, %,d shoppers)%n",
				this.settings.saleId(), this.settings.stock(), shoppers.size()));
		List<Shopper> placedEarly = placed(shoppers.stream().filter((s) -> s.preQueued).toList());
		List<Shopper> placedLate = placed(shoppers.stream().filter((s) -> !s.preQueued).toList());
		List<Shopper> missedPreQueue = shoppers.subList(0, early)
			.stream()
			.filter((s) -> s.ticket != null && !s.preQueued)
			.toList();
		report.append(String.format(Locale.ROOT,
				"  %,d of the %,d planned early arrivals took their ticket before the opening (%s)%n",
				shoppers.subList(0, early).stream().filter((s) -> s.preQueued).count(), early,
				missedPreQueue.isEmpty() ? "the others got no ticket"
						: String.format(Locale.ROOT, "%,d after it: asked %s, answered %s", missedPreQueue.size(),
								spread(missedPreQueue.stream().map((s) -> s.sentAt).toList(), startsAt),
								spread(missedPreQueue.stream().map((s) -> s.arrivedAt).toList(), startsAt))));
		report.append(String.format(Locale.ROOT,
				"  pre-queue: %,d early arrivals placed; Kendall's tau of their places against arrival order %.3f "
						+ "(shuffled: near 0; 1 would be first come, first served)%n",
				placedEarly.size(), tau(placedEarly)));
		long preQueued = shoppers.stream().filter((s) -> s.preQueued).count();
		report.append(String.format(Locale.ROOT,
				"             every early arrival placed within 1..%,d, every later one behind: %s%n", preQueued,
				(placedEarly.stream().allMatch((s) -> s.position <= preQueued)
						&& placedLate.stream().allMatch((s) -> s.position > preQueued)) ? "yes" : "NO"));
		report.append(String.format(Locale.ROOT,
				"  FIFO part: %,d later arrivals; Kendall's tau of their places against arrival order %.3f "
						+ "(first come, first served: 1)%n",
				placedLate.size(), tau(placedLate)));
		List<Shopper> admittedLate = placedLate.stream().filter((s) -> s.admittedAt != null).toList();
		report.append(String.format(Locale.ROOT,
				"             %,d of them admitted; tau of the order they learned it against arrival order %s%n",
				admittedLate.size(), (admittedLate.size() < 2) ? "n/a (the early arrivals took the stock)"
						: String.format(Locale.ROOT, "%.3f", tauOfAdmission(admittedLate))));
		shoppers.stream()
			.filter((s) -> s.admittedAt != null)
			.max(Comparator.comparing((Shopper s) -> waited(s, startsAt)))
			.ifPresent((s) -> report
				.append(String.format(Locale.ROOT, "  longest wait until admitted: %.1f s (shopper %d, place %d)%n",
						waited(s, startsAt).toMillis() / 1000.0, s.index + 1, s.position)));
		Map<String, Long> outcomes = new TreeMap<>();
		shoppers.forEach((s) -> outcomes.merge(String.valueOf(s.finalStatus), 1L, Long::sum));
		report.append("  tickets ended: ").append(outcomes).append('\n');
		Map<Integer, Long> purchases = new TreeMap<>();
		shoppers.stream().filter((s) -> s.purchase != 0).forEach((s) -> purchases.merge(s.purchase, 1L, Long::sum));
		report.append("  purchases by status: ").append(purchases).append('\n');
		report.append("  every answer by call and status: ").append(new TreeMap<>(this.answers)).append('\n');
		report.append(String.format(Locale.ROOT, "  503 answers: %d, calls without answer: %d%n", count("503"),
				count("no answer")));
		return report.toString();
	}

	/** When some moments fell, relative to the opening: "-1.2 s to +0.3 s". */
	private static String spread(List<Instant> moments, Instant startsAt) {
		long first = moments.stream().mapToLong((m) -> Duration.between(startsAt, m).toMillis()).min().orElse(0);
		long last = moments.stream().mapToLong((m) -> Duration.between(startsAt, m).toMillis()).max().orElse(0);
		return String.format(Locale.ROOT, "%+.1f s to %+.1f s from the opening", first / 1000.0, last / 1000.0);
	}

	private static List<Shopper> placed(List<Shopper> shoppers) {
		return shoppers.stream()
			.filter((s) -> s.position > 0)
			.sorted(Comparator.comparingLong((Shopper s) -> s.arrivedNanos))
			.toList();
	}

	private static Duration waited(Shopper shopper, Instant startsAt) {
		Instant from = shopper.arrivedAt.isAfter(startsAt) ? shopper.arrivedAt : startsAt;
		return Duration.between(from, shopper.admittedAt);
	}

	/** Tau of places against arrival order (the list is in arrival order). */
	private static double tau(List<Shopper> inArrivalOrder) {
		return KendallTau.of(inArrivalOrder.stream().mapToLong((s) -> s.position).toArray());
	}

	private static double tauOfAdmission(List<Shopper> inArrivalOrder) {
		return KendallTau.of(inArrivalOrder.stream().mapToLong((s) -> s.admittedNanos).toArray());
	}

	private static void sleepUntil(Instant moment) throws InterruptedException {
		long millis = Duration.between(Instant.now(), moment).toMillis();
		if (millis > 0) {
			Thread.sleep(millis);
		}
	}

	/** One simulated shopper's journey. */
	private static final class Shopper {

		final int index;

		final Instant plannedArrival;

		volatile Instant sentAt = Instant.MAX;

		volatile boolean preQueued;

		volatile long arrivedNanos = Long.MAX_VALUE;

		volatile Instant arrivedAt = Instant.MAX;

		volatile @Nullable String ticket;

		volatile long position;

		volatile @Nullable String finalStatus;

		volatile long admittedNanos;

		volatile @Nullable Instant admittedAt;

		volatile int purchase;

		Shopper(int index, Instant plannedArrival) {
			this.index = index;
			this.plannedArrival = plannedArrival;
		}

	}

	/** Kendall's tau-a of a sequence against its index order. */
	static final class KendallTau {

		private KendallTau() {
		}

		static double of(long[] values) {
			long concordant = 0;
			long discordant = 0;
			for (int i = 0; i < values.length; i++) {
				for (int j = i + 1; j < values.length; j++) {
					if (values[j] > values[i]) {
						concordant++;
					}
					else if (values[j] < values[i]) {
						discordant++;
					}
				}
			}
			long pairs = (long) values.length * (values.length - 1) / 2;
			return (pairs == 0) ? Double.NaN : (double) (concordant - discordant) / pairs;
		}

	}

}
