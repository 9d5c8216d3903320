package io.seckill.ingress.sale;

import java.util.List;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.seckill.common.redis.SeckillRedis;

/**
 * {@code load-sale.lua} in its reload mode: loads a sale that a master switch lost, with
 * the stock the database has left. {@link SaleStore} runs the same script to load a new
 * sale.
 */
public final class ReloadSaleScript {

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
		List<Object> result = SaleStore.LOAD.run(this.redis.sync(), ScriptOutputType.MULTI, SaleStore.keys(sale),
				SaleStore.arguments(sale, remaining));
		return "CREATED".equals(result.get(0));
	}

}
