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
import io.lettuce.core.api.StatefulRedisConnection;

import io.lettuce.core.ScriptOutputType;

import io.seckill.common.purchase.RejectionReason;

/**
 * Writes the database's decisions back into Redis, where shoppers poll and where the
 * stock view lives. Every script is safe to run twice: redelivered messages and Lettuce's
 * replay after a reconnect both happen.
 */
public class PurchaseStateScripts {

	private static final LuaScript CONFIRM = LuaScript.fromClasspath("scripts/confirm-purchase.lua");

	private final SeckillRedis redis;

	private final String ttlSeconds;

	private final RejectPurchaseScript reject;

	private final ExpirePurchaseScript expire;

	PurchaseStateScripts(SeckillRedis redis, Duration purchaseTtl) {
		this.redis = redis;
		this.ttlSeconds = Long.toString(purchaseTtl.toSeconds());
		this.reject = new RejectPurchaseScript(redis, purchaseTtl);
		this.expire = new ExpirePurchaseScript(redis, purchaseTtl);
	}

	/**
	 * Records that the purchase has an order awaiting payment.
	 * @param purchaseId the purchase
	 * @param orderId its order
	 */
	public void confirmed(String purchaseId, String orderId) {
		CONFIRM.run(this.redis.sync(), ScriptOutputType.INTEGER, new String[] { RedisKeys.purchase(purchaseId) },
				orderId, this.ttlSeconds);
	}

	/**
	 * Records that each purchase has an order awaiting payment, pipelined: the scripts
	 * are sent together and their replies awaited after, on the one shared connection.
	 * @param confirmations purchases and their orders
	 * @throws RedisException if any script failed or timed out; the others may have run,
	 * which is harmless since the script is idempotent
	 */
	public void confirmedAll(List<Confirmation> confirmations) {
		if (confirmations.isEmpty()) {
			return;
		}
		StatefulRedisConnection<String, String> connection = this.redis.master().connection();
		List<RedisFuture<Long>> replies = new ArrayList<>(confirmations.size());
		for (Confirmation confirmation : confirmations) {
			replies.add(CONFIRM.runAsync(connection.async(), ScriptOutputType.INTEGER,
					new String[] { RedisKeys.purchase(confirmation.purchaseId()) }, confirmation.orderId(),
					this.ttlSeconds));
		}
		for (int i = 0; i < replies.size(); i++) {
			if (!await(replies.get(i), connection.getTimeout())) {
				// A new master after a failover may lack the script: load it once.
				confirmed(confirmations.get(i).purchaseId(), confirmations.get(i).orderId());
			}
		}
	}

	/**
	 * Records the refusal and corrects the Redis view: the shopper's count drops back and
	 * the remaining stock is capped at what the database still has.
	 * @param purchaseId the purchase
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity items it asked for
	 * @param reason why the database refused
	 * @param databaseRemaining stock the database had left when it refused
	 */
	public void rejected(String purchaseId, String saleId, String userId, int quantity, RejectionReason reason,
			long databaseRemaining) {
		this.reject.reject(new PurchaseItems(purchaseId, saleId, userId, quantity), reason, databaseRemaining,
				ScriptMode.LIVE);
	}

	/**
	 * Gives an expired order's stock back to Redis, once per purchase.
	 * @param purchaseId the purchase
	 * @param saleId its sale
	 * @param userId its shopper
	 * @param quantity items to give back
	 * @return {@code true} if this call gave the stock back, {@code false} if an earlier
	 * one already had
	 */
	public boolean expired(String purchaseId, String saleId, String userId, int quantity) {
		return this.expire.expire(new PurchaseItems(purchaseId, saleId, userId, quantity), ScriptMode.LIVE);
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
