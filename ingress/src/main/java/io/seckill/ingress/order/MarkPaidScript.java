package io.seckill.ingress.order;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

/**
 * The one caller of {@code mark-paid.lua}: tells Redis, where shoppers poll, that a
 * purchase's order is paid. Only the ingress pays orders.
 */
final class MarkPaidScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/mark-paid.lua");

	private final SeckillRedis redis;

	MarkPaidScript(SeckillRedis redis) {
		this.redis = redis;
	}

	/**
	 * Marks the purchase {@code PAID}, if Redis still holds it.
	 * @param purchaseId the paid order's purchase
	 * @return {@code true} if marked, {@code false} if Redis no longer holds the purchase
	 * @throws RedisException if Redis did not run the script
	 */
	boolean markPaid(String purchaseId) {
		Long marked = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER,
				new String[] { RedisKeys.purchase(purchaseId) });
		return marked != null && marked == 1L;
	}

}
