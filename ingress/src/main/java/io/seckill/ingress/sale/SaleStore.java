package io.seckill.ingress.sale;

import java.util.List;

import io.lettuce.core.ScriptOutputType;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

import org.springframework.stereotype.Component;

/**
 * A sale's hot state in Redis: settings the purchase script checks and remaining stock.
 */
@Component
class SaleStore {

	private static final LuaScript CREATE = LuaScript.fromClasspath("scripts/create-sale.lua");

	private final SeckillRedis redis;

	SaleStore(SeckillRedis redis) {
		this.redis = redis;
	}

	/**
	 * Loads a sale into Redis unless it is there already.
	 * @param sale the sale
	 * @return {@code false} if a different sale with this id is already loaded
	 */
	boolean load(Sale sale) {
		String[] keys = { RedisKeys.sale(sale.saleId()), RedisKeys.remaining(sale.saleId()), RedisKeys.ROOMS };
		String[] room = WaitingRoom.scriptArgs(sale.waitingRoom());
		List<Object> result = CREATE.run(this.redis.sync(), ScriptOutputType.MULTI, keys, sale.item(),
				Integer.toString(sale.stock()), Integer.toString(sale.perUserLimit()),
				Long.toString(sale.startsAt().toEpochMilli()), Long.toString(sale.endsAt().toEpochMilli()),
				sale.saleId(), room[0], room[1], room[2]);
		return !"CONFLICT".equals(result.get(0));
	}

	/**
	 * Items Redis still lets shoppers take.
	 * @param saleId the sale
	 * @return remaining items, or -1 if Redis does not know the sale
	 */
	long remaining(String saleId) {
		String value = this.redis.sync().get(RedisKeys.remaining(saleId));
		return (value != null) ? Long.parseLong(value) : -1;
	}

}
