package io.seckill.common.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The one caller of {@code confirm-purchase.lua}: records that a purchase has an order
 * awaiting payment, where shoppers poll. Safe to run twice: redelivered messages and
 * Lettuce's replay after a reconnect both happen, and a purchase already past
 * {@code PENDING} keeps its status.
 */
public final class ConfirmPurchaseScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/confirm-purchase.lua");

	private final SeckillRedis redis;

	private final String ttlSeconds;

	/**
	 * The script on the shared connection.
	 * @param redis the shared connection
	 * @param purchaseTtl how long the purchase hash is kept
	 */
	public ConfirmPurchaseScript(SeckillRedis redis, Duration purchaseTtl) {
		this.redis = redis;
		this.ttlSeconds = Long.toString(purchaseTtl.toSeconds());
	}

	/**
	 * Records that the purchase has an order awaiting payment.
	 * @param confirmation the purchase and its order
	 * @return {@code true} if the purchase was {@code PENDING} (or unknown) and is now
	 * {@code CONFIRMED}, {@code false} if it was past {@code PENDING} already
	 * @throws RedisException if Redis did not run the script
	 */
	public boolean confirm(Confirmation confirmation) {
		Long changed = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER, keys(confirmation),
				confirmation.orderId(), this.ttlSeconds);
		return changed != null && changed == 1L;
	}

	/**
	 * Records that each purchase has an order awaiting payment, pipelined: the scripts
	 * are sent together and their replies awaited after, on the one shared connection.
	 * @param confirmations purchases and their orders
	 * @throws RedisException if any script failed or timed out; the others may have run,
	 * which is harmless since the script is idempotent
	 */
	public void confirmAll(List<Confirmation> confirmations) {
		if (confirmations.isEmpty()) {
			return;
		}
		StatefulRedisConnection<String, String> connection = this.redis.master().connection();
		List<RedisFuture<Long>> replies = new ArrayList<>(confirmations.size());
		for (Confirmation confirmation : confirmations) {
			replies.add(SCRIPT.runAsync(connection.async(), ScriptOutputType.INTEGER, keys(confirmation),
					confirmation.orderId(), this.ttlSeconds));
		}
		for (int i = 0; i < replies.size(); i++) {
			if (!await(replies.get(i), connection.getTimeout())) {
				// A new master after a failover may lack the script: load it once.
				confirm(confirmations.get(i));
			}
		}
	}

	private static String[] keys(Confirmation confirmation) {
		return new String[] { RedisKeys.purchase(confirmation.purchaseId()) };
	}

	// False when the master did not know the script.
	private static boolean await(RedisFuture<?> reply, Duration timeout) {
		try {
			reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RedisNoScriptException) {
				return false;
			}
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new RedisException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new RedisCommandTimeoutException("No reply to a confirm script within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisException("Interrupted waiting for a confirm script", ex);
		}
	}

	/**
	 * A purchase whose order was created.
	 *
	 * @param purchaseId the purchase
	 * @param orderId its order
	 */
	public record Confirmation(String purchaseId, String orderId) {
	}

}
