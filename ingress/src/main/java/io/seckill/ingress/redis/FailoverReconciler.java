package io.seckill.ingress.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.ExpirePurchaseScript;
import io.seckill.common.redis.PurchaseItems;
import io.seckill.common.redis.RedisMasterSwitched;
import io.seckill.common.redis.RejectPurchaseScript;
import io.seckill.common.redis.ScriptMode;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.AcceptedLedger.Accepted;
import io.seckill.ingress.order.OrderRepository;
import io.seckill.ingress.reservation.ReservationRepository;
import io.seckill.ingress.reservation.ReservationRepository.Rejection;
import io.seckill.ingress.sale.ReloadSaleScript;
import io.seckill.ingress.sale.SaleRepository;
import io.seckill.ingress.sale.SaleRepository.StoredSale;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;

/**
 * After a master switch, makes Redis agree with what was promised and decided again.
 *
 * <p>
 * The new master was a replica: it may lack the last writes the old master acknowledged.
 * Lost purchase writes cost nothing lasting when they were never answered {@code 202}
 * (the stock decrement is lost with them), and an accepted purchase is normally held by
 * the promoted replica ({@link ReplicaBarrier}). What can stay wrong is repaired here,
 * record by record:
 * <ol>
 * <li>a sale created moments before the switch is loaded again, with the database's
 * stock;</li>
 * <li>a purchase this ingress answered {@code 202} that the new master lacks is put back
 * and sent down the outbox again (the database decides, idempotent by purchase id);</li>
 * <li>a rejection or an expiry the database decided recently is replayed, giving the
 * items back to Redis if the first write of it was lost (a lasting undersell
 * otherwise).</li>
 * </ol>
 *
 * <p>
 * The replays also run once when the ingress starts, for a failover that happened while
 * no ingress was running.
 *
 * <p>
 * Why this is safe while purchases keep flowing: nothing here overwrites a stock counter
 * with a total computed elsewhere, which would race with concurrent purchases. Every
 * repair is one atomic script that adds or removes the items of one purchase, and does so
 * at most once, guarded by state that travels with the change (the purchase hash, the
 * restock marker): a repair whose original write survived, or that another ingress
 * already made, finds that state and does nothing. Purchases running at the same time
 * interleave with the repairs like with any other script. Giving items back is capped at
 * what the database has left, and the database's conditional update stays the last guard,
 * so a repair can at worst let Redis accept a purchase the database then rejects, never
 * sell an item twice.
 *
 * <p>
 * A pass that fails (the new master refusing writes, {@code NOREPLICAS}, because its
 * replicas are gone too; the database unreachable) is retried until it succeeds, after
 * {@code retry-delay} doubling up to {@code retry-max-delay}: giving up would leave the
 * repairs undone for good once the store is writable again (issue 12 item 6). Passes
 * asked for meanwhile join the one owed, so retries never pile up. The purchases to put
 * back are taken from the ledger when a pass is asked for and kept until it succeeds,
 * since the ledger forgets them after its window. While a pass is owed,
 * {@code seckill_redis_reconcile_pending} is 1 and each failed attempt counts in
 * {@code seckill_redis_reconcile_failures_total}; the log says once when passes start
 * failing and once when one succeeds again, not per attempt.
 */
class FailoverReconciler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(FailoverReconciler.class);

	/** Doubling stops here; the cap is reached long before. */
	private static final int MAX_DOUBLINGS = 20;

	private final ReloadSaleScript reloadSale;

	private final RestorePurchaseScript restorePurchase;

	private final RejectPurchaseScript rejectPurchase;

	private final ExpirePurchaseScript expirePurchase;

	private final SaleRepository sales;

	private final OrderRepository orders;

	private final ReservationRepository reservations;

	private final AcceptedLedger ledger;

	private final FailoverProperties.Reconcile settings;

	private final Clock clock;

	private final Counter salesReloaded;

	private final Counter purchasesRestored;

	private final Counter rejectionsReplayed;

	private final Counter expiriesReplayed;

	private final Counter failures;

	private final AtomicInteger pending = new AtomicInteger();

	private final ScheduledExecutorService executor = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-reconciler").daemon().factory());

	// The state below is read and written on the executor's one thread only.

	private @Nullable Owed owed;

	private boolean retryScheduled;

	private int failedAttempts;

	private @Nullable Instant failingSince;

	FailoverReconciler(SeckillRedis redis, Records records, AcceptedLedger ledger,
			FailoverProperties.Reconcile settings, Duration purchaseTtl, Clock clock, MeterRegistry meters) {
		this.reloadSale = new ReloadSaleScript(redis);
		this.restorePurchase = new RestorePurchaseScript(redis, purchaseTtl);
		this.rejectPurchase = new RejectPurchaseScript(redis, purchaseTtl);
		this.expirePurchase = new ExpirePurchaseScript(redis, purchaseTtl);
		this.sales = records.sales();
		this.orders = records.orders();
		this.reservations = records.reservations();
		this.ledger = ledger;
		this.settings = settings;
		this.clock = clock;
		this.salesReloaded = repairs("sale", meters);
		this.purchasesRestored = repairs("purchase", meters);
		this.rejectionsReplayed = repairs("rejection", meters);
		this.expiriesReplayed = repairs("expiry", meters);
		this.failures = Counter.builder("seckill.redis.reconcile.failures")
			.description("Reconciliation attempts that failed and will be retried (Redis refusing writes, "
					+ "the database unreachable)")
			.register(meters);
		Gauge.builder("seckill.redis.reconcile.pending", this.pending, AtomicInteger::get)
			.description("1 while a reconciliation pass is owed and has not succeeded yet")
			.register(meters);
	}

	@EventListener
	void on(RedisMasterSwitched switched) {
		if (switched.from() == null) {
			// The first master this process found: nothing was written through it yet.
			return;
		}
		Instant since = switched.announcedAt().minus(this.settings.lookback());
		request(since, "after the switch to " + switched.to());
		this.executor.schedule(() -> owe(since, "second pass after the switch to " + switched.to(),
				this.ledger.recent(), new CompletableFuture<>()), this.settings.again().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		request(this.clock.instant().minus(this.settings.lookback()), "at start-up");
	}

	/**
	 * Asks for a pass of every repair. It joins a pass still owed (one that is failing),
	 * which then covers both.
	 * @param since database decisions from this time on are replayed
	 * @param why for the log
	 * @return completes with what the pass repaired once one succeeds
	 */
	CompletableFuture<Repairs> request(Instant since, String why) {
		CompletableFuture<Repairs> done = new CompletableFuture<>();
		// Taken now: a pass retried for longer than the ledger's window must still put
		// back the purchases accepted before the switch.
		List<Accepted> accepted = this.ledger.recent();
		this.executor.execute(() -> owe(since, why, accepted, done));
		return done;
	}

	private void owe(Instant since, String why, List<Accepted> accepted, CompletableFuture<Repairs> done) {
		if (this.owed == null) {
			this.owed = new Owed(since, why);
		}
		this.owed.add(since, why, accepted, done);
		this.pending.set(1);
		if (!this.retryScheduled) {
			attempt();
		}
	}

	private void attempt() {
		this.retryScheduled = false;
		Owed owed = this.owed;
		if (owed == null) {
			return;
		}
		long started = System.nanoTime();
		Repairs repairs;
		try {
			repairs = new Repairs(reloadSales(), restorePurchases(owed.accepted()), replayRejections(owed.since()),
					replayExpiries(owed.since()));
		}
		catch (RuntimeException ex) {
			failed(owed, ex);
			return;
		}
		this.owed = null;
		this.pending.set(0);
		succeeded(owed, repairs, Duration.ofNanos(System.nanoTime() - started));
		owed.completeAll(repairs);
	}

	private void failed(Owed owed, RuntimeException ex) {
		this.failures.increment();
		this.failedAttempts++;
		Duration delay = retryDelay(this.failedAttempts);
		boolean expected = ex instanceof RedisException || ex instanceof DataAccessException;
		if (this.failingSince == null) {
			this.failingSince = this.clock.instant();
			String line = "redis_reconcile state=failing when=\"" + owed.why() + "\" retry_in_ms=" + delay.toMillis()
					+ " retry_max_ms=" + this.settings.retryMaxDelay().toMillis()
					+ " Reconciling Redis failed; retrying until it succeeds: " + ex;
			// An unexpected failure is a defect: its stack trace, once.
			logger.warn(line, expected ? null : ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Reconciling Redis " + owed.why() + " failed again (attempt " + this.failedAttempts
					+ "); retrying in " + delay.toMillis() + " ms: " + ex);
		}
		this.retryScheduled = true;
		this.executor.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void succeeded(Owed owed, Repairs repairs, Duration took) {
		String details = "when=\"" + owed.why() + "\" sales_reloaded=" + repairs.salesReloaded()
				+ " purchases_restored=" + repairs.purchasesRestored() + " rejections_replayed="
				+ repairs.rejectionsReplayed() + " expiries_replayed=" + repairs.expiriesReplayed() + " took_ms="
				+ took.toMillis();
		if (this.failingSince != null) {
			logger.warn("redis_reconcile state=recovered failed_attempts=" + this.failedAttempts + " failing_for_ms="
					+ Duration.between(this.failingSince, this.clock.instant()).toMillis() + " " + details);
			this.failingSince = null;
			this.failedAttempts = 0;
		}
		else if (repairs.total() > 0) {
			logger.warn("redis_reconcile " + details);
		}
		else {
			logger.info("redis_reconcile " + details);
		}
	}

	private Duration retryDelay(int failedAttempts) {
		Duration delay = this.settings.retryDelay().multipliedBy(1L << Math.min(failedAttempts - 1, MAX_DOUBLINGS));
		return (delay.compareTo(this.settings.retryMaxDelay()) > 0) ? this.settings.retryMaxDelay() : delay;
	}

	private int reloadSales() {
		int reloaded = 0;
		for (StoredSale sale : this.sales.open(this.clock.instant())) {
			if (this.reloadSale.reload(sale.sale(), sale.remaining())) {
				this.salesReloaded.increment();
				reloaded++;
			}
		}
		return reloaded;
	}

	private int restorePurchases(List<Accepted> accepted) {
		List<Accepted> restored = this.restorePurchase.restoreAll(accepted);
		for (Accepted purchase : restored) {
			this.purchasesRestored.increment();
			logger.warn("Put back purchase " + purchase.purchaseId() + " of sale " + purchase.saleId()
					+ ": answered 202 but missing on the new Redis master");
		}
		return restored.size();
	}

	private int replayRejections(Instant since) {
		int replayed = 0;
		for (Rejection rejection : this.reservations.rejectedSince(since)) {
			if (this.rejectPurchase.reject(rejection.purchase(), rejection.reason(), rejection.saleRemaining(),
					ScriptMode.REPLAY)) {
				this.rejectionsReplayed.increment();
				replayed++;
			}
		}
		return replayed;
	}

	private int replayExpiries(Instant since) {
		int replayed = 0;
		for (PurchaseItems expiry : this.orders.expiredSince(since)) {
			if (this.expirePurchase.expire(expiry, ScriptMode.REPLAY)) {
				this.expiriesReplayed.increment();
				replayed++;
			}
		}
		return replayed;
	}

	private static Counter repairs(String kind, MeterRegistry meters) {
		return Counter.builder("seckill.redis.reconciled")
			.description("Repairs made to Redis after master switches, by kind")
			.tag("kind", kind)
			.register(meters);
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/**
	 * What one pass repaired.
	 *
	 * @param salesReloaded sales Redis had lost
	 * @param purchasesRestored accepted purchases Redis had lost
	 * @param rejectionsReplayed rejections whose Redis write was lost
	 * @param expiriesReplayed expiries whose Redis restock was lost
	 */
	record Repairs(int salesReloaded, int purchasesRestored, int rejectionsReplayed, int expiriesReplayed) {

		int total() {
			return this.salesReloaded + this.purchasesRestored + this.rejectionsReplayed + this.expiriesReplayed;
		}

	}

	/**
	 * The pass owed: everything asked for since the last pass that succeeded.
	 */
	private static final class Owed {

		private Instant since;

		private String why;

		private int joined;

		private final Map<String, Accepted> accepted = new LinkedHashMap<>();

		private final List<CompletableFuture<Repairs>> waiting = new ArrayList<>();

		Owed(Instant since, String why) {
			this.since = since;
			this.why = why;
		}

		void add(Instant since, String why, List<Accepted> accepted, CompletableFuture<Repairs> done) {
			if (since.isBefore(this.since)) {
				this.since = since;
			}
			if (!this.waiting.isEmpty()) {
				this.why = why;
				this.joined++;
			}
			accepted.forEach((purchase) -> this.accepted.putIfAbsent(purchase.purchaseId(), purchase));
			this.waiting.add(done);
		}

		Instant since() {
			return this.since;
		}

		String why() {
			return (this.joined > 0) ? this.why + " (+" + this.joined + " joined)" : this.why;
		}

		List<Accepted> accepted() {
			return new ArrayList<>(this.accepted.values());
		}

		void completeAll(Repairs repairs) {
			this.waiting.forEach((done) -> done.complete(repairs));
		}

	}

	/**
	 * What the database decided that Redis must reflect, each read from its table's
	 * owner: open sales, and the recent decisions whose Redis side a failover may have
	 * lost.
	 *
	 * @param sales the sales
	 * @param orders the orders, for their expiries
	 * @param reservations the reservations, for their rejections
	 */
	record Records(SaleRepository sales, OrderRepository orders, ReservationRepository reservations) {
	}

}
