package io.seckill.ingress.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.sale.WaitingRoom;

/**
 * The one caller of {@code reload-sale.lua}: loads a sale that a master switch lost, with
 * the stock the database has left.
 */
final class ReloadSaleScript {

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/reload-sale.lua");

	private final SeckillRedis redis;

	ReloadSaleScript(SeckillRedis redis) {
		this.redis = redis;
	}

	/**
	 * Loads the sale unless Redis has it.
	 * @param sale an open sale as the database holds it
	 * @return {@code true} if it was loaded, {@code false} if Redis had it
	 * @throws RedisException if Redis did not run the script
	 */
	boolean reload(ReconcileRepository.OpenSale sale) {
		String[] keys = { RedisKeys.sale(sale.saleId()), RedisKeys.remaining(sale.saleId()), RedisKeys.ROOMS };
		String[] room = WaitingRoom.scriptArgs(sale.waitingRoom());
		Long loaded = SCRIPT.run(this.redis.sync(), ScriptOutputType.INTEGER, keys, sale.item(),
				Integer.toString(sale.stock()), Integer.toString(sale.perUserLimit()),
				Long.toString(sale.startsAt().toEpochMilli()), Long.toString(sale.endsAt().toEpochMilli()),
				Long.toString(sale.remaining()), sale.saleId(), room[0], room[1], room[2]);
		return loaded != null && loaded == 1L;
	}

}
