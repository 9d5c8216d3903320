package io.seckill.common.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Lua script from the classpath, called by its SHA-1. A new master after a failover may
 * not have it cached: on {@code NOSCRIPT} the source is sent once with EVAL, which caches
 * it again.
 */
public final class LuaScript {

	private final String name;

	private final String source;

	private final String sha;

	private LuaScript(String name, String source) {
		this.name = name;
		this.source = source;
		this.sha = sha1Hex(source);
	}

	/**
	 * Reads a script from the classpath.
	 * @param location classpath location, e.g. {@code scripts/purchase.lua}
	 * @return the script
	 * @throws UncheckedIOException if the resource is missing
	 */
	public static LuaScript fromClasspath(String location) {
		return new LuaScript(location, read(location));
	}

	/**
	 * Reads a script from the classpath with a library of local functions in front of it
	 * (Redis has no includes: the two become one script with one SHA-1).
	 * @param library classpath location of the functions
	 * @param location classpath location of the script
	 * @return the script
	 * @throws UncheckedIOException if a resource is missing
	 */
	public static LuaScript withLibrary(String library, String location) {
		return new LuaScript(location, read(library) + "\n" + read(location));
	}

	private static String read(String location) {
		try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new UncheckedIOException(new IOException("No Lua script at classpath:" + location));
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Runs the script on the connection's master.
	 * @param <T> result type for the output type
	 * @param commands synchronous commands of the shared connection
	 * @param output how Redis' reply is decoded
	 * @param keys the script's KEYS
	 * @param args the script's ARGV
	 * @return the script's reply
	 */
	public <T> T run(RedisCommands<String, String> commands, ScriptOutputType output, String[] keys, String... args) {
		try {
			return commands.evalsha(this.sha, output, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return commands.eval(this.source, output, keys, args);
		}
	}

	/**
	 * Sends the script by its SHA-1 without waiting, so that many calls share round
	 * trips. The future fails with {@link RedisNoScriptException} when the master lacks
	 * the script; {@link #run} then loads it.
	 * @param <T> result type for the output type
	 * @param commands asynchronous commands of the shared connection
	 * @param output how Redis' reply is decoded
	 * @param keys the script's KEYS
	 * @param args the script's ARGV
	 * @return the pending reply
	 */
	public <T> RedisFuture<T> runAsync(RedisAsyncCommands<String, String> commands, ScriptOutputType output,
			String[] keys, String... args) {
		return commands.evalsha(this.sha, output, keys, args);
	}

	/**
	 * Runs the script without blocking: by its SHA-1, and once more with its source when
	 * the master lacks it (a new master after a failover).
	 * @param <T> result type for the output type
	 * @param commands asynchronous commands of the shared connection
	 * @param output how Redis' reply is decoded
	 * @param keys the script's KEYS
	 * @param args the script's ARGV
	 * @return the script's reply
	 */
	public <T> CompletableFuture<T> call(RedisAsyncCommands<String, String> commands, ScriptOutputType output,
			String[] keys, String... args) {
		RedisFuture<T> bySha = commands.evalsha(this.sha, output, keys, args);
		return bySha.toCompletableFuture().exceptionallyCompose((ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RedisNoScriptException) {
				RedisFuture<T> bySource = commands.eval(this.source, output, keys, args);
				return bySource.toCompletableFuture();
			}
			return CompletableFuture.failedFuture(cause);
		});
	}

	/**
	 * SHA-1 that Redis uses to name this script (what {@code redis-benchmark} EVALSHA
	 * needs).
	 * @return lowercase hex digest
	 */
	public String sha() {
		return this.sha;
	}

	@Override
	public String toString() {
		return this.name + " (" + this.sha + ")";
	}

	private static String sha1Hex(String source) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is required by every JDK", ex);
		}
	}

}
