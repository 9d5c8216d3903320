package io.seckill.common.redis;

import java.util.Locale;

/**
 * Who writes a database decision into Redis, which changes what a missing purchase means.
 */
public enum ScriptMode {

	/**
	 * The worker that took the decision writes it: Redis accepted the purchase moments
	 * ago, so its items are counted there even if the purchase hash is gone (expired or
	 * evicted).
	 */
	LIVE,

	/**
	 * The failover reconciler replays a decision the database holds, because a master
	 * switch may have lost the first write of it. A purchase the new master does not know
	 * was lost with its stock decrement, so nothing is given back for it: Redis never
	 * took those items.
	 */
	REPLAY;

	/**
	 * The script argument naming this mode.
	 * @return {@code live} or {@code replay}
	 */
	String argument() {
		return name().toLowerCase(Locale.ROOT);
	}

}
