package io.seckill.ingress.sale;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.lettuce.core.ScriptOutputType;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;

import org.springframework.stereotype.Component;

/**
 * A sale's hot state in Redis: settings the purchase script checks and remaining stock.
 */
@Component
class SaleStore {

	static final LuaScript LOAD = LuaScript.fromClasspath("scripts/load-sale.lua");

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
		List<Object> result = LOAD.run(this.redis.sync(), ScriptOutputType.MULTI, keys(sale), arguments(sale, null));
		return !"CONFLICT".equals(result.get(0));
	}

	/**
	 * The KEYS of {@code load-sale.lua}.
	 * @param sale the sale
	 * @return the keys
	 */
	static String[] keys(Sale sale) {
		return new String[] { RedisKeys.sale(sale.saleId()), RedisKeys.remaining(sale.saleId()), RedisKeys.ROOMS };
	}

	/**
	 * The ARGV of {@code load-sale.lua}: the settings, the remaining stock to reload with
	 * (empty to create), the sale id and the waiting room's settings.
	 * @param sale the sale
	 * @param remaining for reload: items the database has not reserved; {@code null} to
	 * create
	 * @return the arguments
	 */
	static String[] arguments(Sale sale, @Nullable Long remaining) {
		List<String> arguments = new ArrayList<>(10);
		arguments.add(sale.item());
		arguments.add(Integer.toString(sale.stock()));
		arguments.add(Integer.toString(sale.perUserLimit()));
		arguments.add(Long.toString(sale.startsAt().toEpochMilli()));
		arguments.add(Long.toString(sale.endsAt().toEpochMilli()));
		arguments.add((remaining != null) ? Long.toString(remaining) : "");
		arguments.add(sale.saleId());
		arguments.addAll(Arrays.asList(WaitingRoom.scriptArgs(sale.waitingRoom())));
		return arguments.toArray(String[]::new);
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
