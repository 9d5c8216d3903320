package io.seckill.ingress.purchase;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.seckill.ingress.purchase.ScriptOutcome.Code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SoldOutFlagsUnitTests {

	private static final long TTL = 1_000;

	private final AtomicLong clock = new AtomicLong(42);

	private final AtomicInteger calls = new AtomicInteger();

	/** Idempotency-Keys of accepted purchases, as Redis's set of them would answer. */
	private final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();

	private final SoldOutFlags flags = new SoldOutFlags(TTL, this.clock::get,
			(sale, key) -> CompletableFuture.completedFuture(this.acceptedKeys.contains(key)));

	@Test
	void soldOutAnswerIsRememberedForTheTimeToLive() {
		assertThat(attempt(1, soldOut(0))).isEqualTo(soldOut(0));
		this.clock.addAndGet(TTL - 1);

		assertThat(attempt(1, accepted())).isEqualTo(soldOut(0));
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void expiredFlagAsksTheScriptAgain() {
		attempt(1, soldOut(0));
		this.clock.addAndGet(TTL);

		assertThat(attempt(1, accepted())).isEqualTo(accepted());
		assertThat(attempt(1, accepted())).as("the accepted answer raised no flag").isEqualTo(accepted());
		assertThat(this.calls).hasValue(3);
	}

	@Test
	void whileOneAttemptAsksRedisAgainTheOthersAreStillAnsweredFromMemory() {
		attempt(1, soldOut(0));
		this.clock.addAndGet(TTL);

		ScriptOutcome[] meanwhile = new ScriptOutcome[1];
		ScriptOutcome refreshed = this.flags.through("sale", 1, "refresh", () -> {
			this.calls.incrementAndGet();
			meanwhile[0] = attempt(1, accepted());
			return CompletableFuture.completedFuture(soldOut(0));
		}).join();

		assertThat(refreshed).isEqualTo(soldOut(0));
		assertThat(meanwhile[0]).isEqualTo(soldOut(0));
		assertThat(this.calls).as("one call to raise the flag, one to refresh it").hasValue(2);
	}

	@Test
	void refreshThatNeverAnswersLetsEveryoneThroughAfterAnotherTimeToLive() {
		attempt(1, soldOut(0));
		this.clock.addAndGet(TTL);
		assertThatIllegalStateException().isThrownBy(() -> this.flags.through("sale", 1, "fails", () -> {
			throw new IllegalStateException("Redis is unreachable");
		}));
		assertThat(attempt(1, accepted())).as("the refresh never came back").isEqualTo(soldOut(0));

		this.clock.addAndGet(TTL);

		assertThat(attempt(1, accepted())).isEqualTo(accepted());
	}

	@Test
	void acceptedPurchaseLowersTheFlagAtOnce() {
		attempt(1, soldOut(0));
		this.clock.addAndGet(TTL);
		attempt(1, accepted());

		assertThat(attempt(1, soldOut(0))).isEqualTo(soldOut(0));
		assertThat(this.calls).hasValue(3);
	}

	@Test
	void perUserLimitAnswerAlsoShowsStockAndLowersTheFlag() {
		attempt(1, soldOut(0));
		this.clock.addAndGet(TTL);
		attempt(1, new ScriptOutcome(Code.LIMIT, "1"));

		assertThat(attempt(1, accepted())).isEqualTo(accepted());
	}

	@Test
	void smallerQuantityThanTheRemainingStockStillGoesThrough() {
		attempt(3, soldOut(2));

		assertThat(attempt(3, accepted())).isEqualTo(soldOut(2));
		assertThat(attempt(2, accepted())).isEqualTo(accepted());
	}

	@Test
	void otherSalesAreNotAffected() {
		attempt(1, soldOut(0));

		assertThat(this.flags.through("other", 1, "k", () -> done(accepted())).join()).isEqualTo(accepted());
	}

	@Test
	void retryOfAnAcceptedPurchaseBypassesTheFlag() {
		attempt(1, soldOut(0));
		this.acceptedKeys.add("k");

		ScriptOutcome replay = new ScriptOutcome(Code.REPLAY, "p1");
		assertThat(this.flags.through("sale", 1, "k", () -> done(replay)).join()).isEqualTo(replay);
		assertThat(this.flags.through("sale", 1, "other", () -> done(replay)).join()).isEqualTo(soldOut(0));
	}

	@Test
	void zeroTimeToLiveNeverFlags() {
		SoldOutFlags off = new SoldOutFlags(0, this.clock::get,
				(sale, key) -> CompletableFuture.completedFuture(false));
		off.through("sale", 1, "k", () -> done(soldOut(0))).join();

		assertThat(off.through("sale", 1, "k", () -> done(accepted())).join()).isEqualTo(accepted());
	}

	private ScriptOutcome attempt(int quantity, ScriptOutcome answer) {
		return this.flags.through("sale", quantity, "k" + quantity, () -> {
			this.calls.incrementAndGet();
			return done(answer);
		}).join();
	}

	private static CompletableFuture<ScriptOutcome> done(ScriptOutcome outcome) {
		return CompletableFuture.completedFuture(outcome);
	}

	private static ScriptOutcome soldOut(long remaining) {
		return new ScriptOutcome(Code.SOLD_OUT, Long.toString(remaining));
	}

	private static ScriptOutcome accepted() {
		return new ScriptOutcome(Code.ACCEPTED, "p1");
	}

}
