package io.seckill.ingress.relay;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import io.seckill.common.redis.LuaScript;
import io.seckill.common.redis.RedisKeys;

/**
 * The one caller of {@code trim-outbox.lua}: deletes the stream entries every relay of a
 * consumer group is done with. Only the relay runs it, on the relay's own connection.
 */
final class TrimOutboxScript {

	/** The purchase outbox and its relays' group. */
	static final TrimOutboxScript OUTBOX = new TrimOutboxScript(RedisKeys.OUTBOX, RedisKeys.OUTBOX_GROUP);

	private static final LuaScript SCRIPT = LuaScript.fromClasspath("scripts/trim-outbox.lua");

	private final String[] keys;

	private final String group;

	TrimOutboxScript(String stream, String group) {
		this.keys = new String[] { stream };
		this.group = group;
	}

	/**
	 * Deletes the entries acknowledged by the group, keeping every entry still pending or
	 * not yet delivered.
	 * @param commands the connection to run it on
	 * @return how many entries were deleted
	 * @throws RedisException if Redis did not run the script
	 */
	long trim(RedisCommands<String, String> commands) {
		Long trimmed = SCRIPT.run(commands, ScriptOutputType.INTEGER, this.keys, this.group);
		return (trimmed != null) ? trimmed : 0;
	}

}
