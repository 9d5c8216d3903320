package io.seckill.ingress.sale;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.SeckillRedis;

/**
 * The one caller of {@code reload-sale.lua}: loads a sale that a master switch lost, with
 * the stock the database has left. Next to {@link SaleStore}, which loads a new sale with
 * the same keys and settings.
 */
public final class ReloadSaleScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/reload-sale.lua");

	private final SeckillRedis redis;

	/**
	 * The script on the shared connection.
	 * @param redis the shared connection
	 */
	public ReloadSaleScript(SeckillRedis redis) {
		this.redis = redis;
	}

	/**
	 * Loads the sale unless Redis has it.
	 * @param sale an open sale as the database holds it
	 * @param remaining items the database has not reserved
	 * @return {@code true} if it was loaded, {@code false} if Redis had it
	 * @throws RedisException if Redis did not run the script
	 */
	public boolean reload(Sale sale, long remaining) {
		Long loaded = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER, SaleStore.keys(sale),
				SaleStore.arguments(sale, remaining));
		return loaded != null && loaded == 1L;
	}

}
