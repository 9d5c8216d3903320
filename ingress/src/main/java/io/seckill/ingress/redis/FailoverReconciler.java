package io.seckill.ingress.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.RedisMasterSwitched;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.ReconcileRepository.Expiry;
import io.seckill.ingress.redis.ReconcileRepository.OpenSale;
import io.seckill.ingress.redis.ReconcileRepository.Rejection;

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
 */
class FailoverReconciler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(FailoverReconciler.class);

	/** Passes retried while Redis or the database fails, one second apart. */
	private static final int ATTEMPTS = 30;

	private static final LuaScript RELOAD_SALE = LuaScript.fromClasspath("scripts/reload-sale.lua");

	private static final LuaScript RESTORE_PURCHASE = LuaScript.fromClasspath("scripts/restore-purchase.lua");

	// The workers' own scripts, run in their replay mode.
	private static final LuaScript REPLAY_REJECTION = LuaScript.fromClasspath("scripts/reject-purchase.lua");

	private static final LuaScript REPLAY_EXPIRY = LuaScript.fromClasspath("scripts/expire-purchase.lua");

	private static final String REPLAY = "replay";

	private final SeckillRedis redis;

	private final ReconcileRepository repository;

	private final AcceptedLedger ledger;

	private final FailoverProperties.Reconcile settings;

	private final String ttlSeconds;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ScheduledExecutorService executor = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("redis-reconciler").daemon().factory());

	FailoverReconciler(SeckillRedis redis, ReconcileRepository repository, AcceptedLedger ledger,
			FailoverProperties.Reconcile settings, Duration purchaseTtl, Clock clock, MeterRegistry meters) {
		this.redis = redis;
		this.repository = repository;
		this.ledger = ledger;
		this.settings = settings;
		this.ttlSeconds = Long.toString(purchaseTtl.toSeconds());
		this.clock = clock;
		this.meters = meters;
	}

	@EventListener
	void on(RedisMasterSwitched switched) {
		if (switched.from() == null) {
			// The first master this process found: nothing was written through it yet.
			return;
		}
		Instant since = switched.announcedAt().minus(this.settings.lookback());
		this.executor.execute(() -> reconcile(since, "after the switch to " + switched.to(), 1));
		this.executor.schedule(() -> reconcile(since, "second pass after the switch to " + switched.to(), 1),
				this.settings.again().toMillis(), TimeUnit.MILLISECONDS);
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		Instant since = this.clock.instant().minus(this.settings.lookback());
		this.executor.execute(() -> reconcile(since, "at start-up", 1));
	}

	/**
	 * One pass of every repair.
	 * @param since database decisions from this time on are replayed
	 * @param why for the log
	 * @param attempt this pass's attempt, from 1
	 * @return what was repaired
	 */
	Repairs reconcile(Instant since, String why, int attempt) {
		long started = System.nanoTime();
		try {
			RedisCommands<String, String> commands = this.redis.sync();
			Repairs repairs = new Repairs(reloadSales(commands), restorePurchases(commands),
					replayRejections(commands, since), replayExpiries(commands, since));
			count("sale", repairs.salesReloaded());
			count("purchase", repairs.purchasesRestored());
			count("rejection", repairs.rejectionsReplayed());
			count("expiry", repairs.expiriesReplayed());
			String line = "redis_reconcile when=\"" + why + "\" sales_reloaded=" + repairs.salesReloaded()
					+ " purchases_restored=" + repairs.purchasesRestored() + " rejections_replayed="
					+ repairs.rejectionsReplayed() + " expiries_replayed=" + repairs.expiriesReplayed() + " took_ms="
					+ Duration.ofNanos(System.nanoTime() - started).toMillis();
			if (repairs.total() > 0) {
				logger.warn(line);
			}
			else {
				logger.info(line);
			}
			return repairs;
		}
		catch (RedisException | DataAccessException ex) {
			if (attempt < ATTEMPTS) {
				logger.warn("Reconciling Redis " + why + " failed; retrying in 1 s: " + ex.getMessage());
				this.executor.schedule(() -> reconcile(since, why, attempt + 1), 1, TimeUnit.SECONDS);
			}
			else {
				logger.error("Reconciling Redis " + why + " failed " + ATTEMPTS + " times; giving up", ex);
			}
			return new Repairs(0, 0, 0, 0);
		}
	}

	private int reloadSales(RedisCommands<String, String> commands) {
		int reloaded = 0;
		for (OpenSale sale : this.repository.openSales(this.clock.instant())) {
			String[] keys = { RedisKeys.sale(sale.saleId()), RedisKeys.remaining(sale.saleId()) };
			Long loaded = RELOAD_SALE.run(commands, ScriptOutputType.INTEGER, keys, sale.item(),
					Integer.toString(sale.stock()), Integer.toString(sale.perUserLimit()),
					Long.toString(sale.startsAt().toEpochMilli()), Long.toString(sale.endsAt().toEpochMilli()),
					Long.toString(sale.remaining()));
			reloaded += (loaded != null) ? loaded.intValue() : 0;
		}
		return reloaded;
	}

	private int restorePurchases(RedisCommands<String, String> commands) {
		int restored = 0;
		for (AcceptedLedger.Accepted purchase : this.ledger.recent()) {
			String[] keys = { RedisKeys.remaining(purchase.saleId()), RedisKeys.buyers(purchase.saleId()),
					RedisKeys.idempotency(purchase.userId(), purchase.idempotencyKey()),
					RedisKeys.purchase(purchase.purchaseId()), RedisKeys.OUTBOX,
					RedisKeys.acceptedKeys(purchase.saleId()) };
			Long done = RESTORE_PURCHASE.run(commands, ScriptOutputType.INTEGER, keys, purchase.userId(),
					Integer.toString(purchase.quantity()), purchase.fingerprint(), purchase.purchaseId(),
					this.ttlSeconds, purchase.saleId(), Long.toString(purchase.acceptedAt()),
					purchase.idempotencyKey());
			if (done != null && done == 1L) {
				restored++;
				logger.warn("Put back purchase " + purchase.purchaseId() + " of sale " + purchase.saleId()
						+ ": answered 202 but missing on the new Redis master");
			}
		}
		return restored;
	}

	private int replayRejections(RedisCommands<String, String> commands, Instant since) {
		int replayed = 0;
		for (Rejection rejection : this.repository.rejectionsSince(since)) {
			String[] keys = { RedisKeys.purchase(rejection.purchaseId()), RedisKeys.remaining(rejection.saleId()),
					RedisKeys.buyers(rejection.saleId()) };
			Long done = REPLAY_REJECTION.run(commands, ScriptOutputType.INTEGER, keys, rejection.userId(),
					Integer.toString(rejection.quantity()), rejection.reason(),
					Long.toString(rejection.saleRemaining()), this.ttlSeconds, REPLAY);
			replayed += (done != null) ? done.intValue() : 0;
		}
		return replayed;
	}

	private int replayExpiries(RedisCommands<String, String> commands, Instant since) {
		int replayed = 0;
		for (Expiry expiry : this.repository.expiriesSince(since)) {
			String[] keys = { RedisKeys.purchase(expiry.purchaseId()), RedisKeys.remaining(expiry.saleId()),
					RedisKeys.buyers(expiry.saleId()), RedisKeys.restocked(expiry.purchaseId()) };
			Long done = REPLAY_EXPIRY.run(commands, ScriptOutputType.INTEGER, keys, expiry.userId(),
					Integer.toString(expiry.quantity()), this.ttlSeconds);
			replayed += (done != null) ? done.intValue() : 0;
		}
		return replayed;
	}

	private void count(String kind, int repairs) {
		Counter.builder("seckill.redis.reconciled")
			.description("Repairs made to Redis after master switches, by kind")
			.tag("kind", kind)
			.register(this.meters)
			.increment(repairs);
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

}
