package io.seckill.common.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ListOfMapsOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.async.RedisSentinelAsyncCommands;
import org.jspecify.annotations.Nullable;

/**
 * Asks the sentinels about the master: one long-lived connection per sentinel, every
 * question sent to all of them at once and bounded by the command timeout, so a dead or
 * frozen sentinel costs one timeout, never a hang.
 */
public class Sentinels implements AutoCloseable {

	private static final Set<String> MASTER_FIELDS = Set.of("name", "ip", "port", "flags", "num-slaves",
			"num-other-sentinels", "quorum", "config-epoch", "down-after-milliseconds", "failover-timeout",
			"last-ok-ping-reply", "role-reported");

	private static final Set<String> NODE_FIELDS = Set.of("name", "ip", "port", "runid", "flags", "role-reported",
			"master-link-status", "master-host", "master-port", "slave-priority", "slave-repl-offset",
			"last-ok-ping-reply", "last-hello-message", "voted-leader", "voted-leader-epoch");

	private final RedisClient client;

	private final List<HostAndPort> addresses;

	private final String masterName;

	private final Duration timeout;

	private final Map<HostAndPort, CompletableFuture<StatefulRedisSentinelConnection<String, String>>> connections = new ConcurrentHashMap<>();

	Sentinels(RedisClient client, SeckillRedisProperties properties) {
		this.client = client;
		this.addresses = properties.sentinels().stream().map(HostAndPort::parse).toList();
		this.masterName = properties.masterName();
		this.timeout = properties.timeout();
	}

	/**
	 * The sentinels this service was configured with.
	 * @return their addresses, in configuration order
	 */
	public List<HostAndPort> addresses() {
		return this.addresses;
	}

	/**
	 * The master name the sentinels monitor for us.
	 * @return the name
	 */
	public String masterName() {
		return this.masterName;
	}

	/**
	 * What each sentinel names as master now ({@code SENTINEL get-master-addr-by-name}).
	 * @return per sentinel, its answer, or empty if it did not answer in time
	 */
	public Map<HostAndPort, Optional<HostAndPort>> masterVotes() {
		return ask((commands) -> commands.getMasterAddrByName(this.masterName).thenApply(HostAndPort::of));
	}

	/**
	 * The master named by the most sentinels, if at least {@code needed} agree.
	 * @param needed how many sentinels must name the same address
	 * @return the address, or empty if too few agree
	 */
	public Optional<HostAndPort> agreedMaster(int needed) {
		Map<HostAndPort, Integer> tally = new LinkedHashMap<>();
		masterVotes().values().forEach((vote) -> vote.ifPresent((address) -> tally.merge(address, 1, Integer::sum)));
		return tally.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() >= needed)
			.max(Map.Entry.comparingByValue())
			.map(Map.Entry::getKey);
	}

	/**
	 * The master named by the sentinels with the newest configuration: the highest
	 * {@code config-epoch} wins, and among those the address most of them name. Right
	 * after a failover the sentinel that led it already names the new master while the
	 * others may still name the old one for a moment.
	 * @param needed how many sentinels must name the chosen address
	 * @return the address, or empty if too few answered or agree
	 */
	public Optional<HostAndPort> newestMaster(int needed) {
		Map<HostAndPort, Optional<Map<String, String>>> views = ask((commands) -> commands.master(this.masterName));
		long newest = -1;
		Map<HostAndPort, Integer> tally = new LinkedHashMap<>();
		for (Optional<Map<String, String>> view : views.values()) {
			if (view.isEmpty() || view.get().get("ip") == null || view.get().get("port") == null) {
				continue;
			}
			long epoch = Long.parseLong(view.get().getOrDefault("config-epoch", "0"));
			HostAndPort address = new HostAndPort(view.get().get("ip"), Integer.parseInt(view.get().get("port")));
			if (epoch > newest) {
				newest = epoch;
				tally.clear();
			}
			if (epoch == newest) {
				tally.merge(address, 1, Integer::sum);
			}
		}
		return tally.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() >= needed)
			.max(Map.Entry.comparingByValue())
			.map(Map.Entry::getKey);
	}

	/**
	 * Each sentinel's view: the master as it sees it, the replicas and the other
	 * sentinels it knows ({@code SENTINEL MASTER/REPLICAS/SENTINELS}), for operators.
	 * @return one view per configured sentinel
	 */
	public List<SentinelView> describe() {
		Map<HostAndPort, Optional<Map<String, String>>> masters = ask(
				(commands) -> commands.master(this.masterName).thenApply((map) -> select(map, MASTER_FIELDS)));
		Map<HostAndPort, Optional<List<Map<String, String>>>> replicas = ask(
				(commands) -> commands.replicas(this.masterName).thenApply(Sentinels::selectAll));
		Map<HostAndPort, Optional<List<Map<String, String>>>> peers = ask((commands) -> commands
			.dispatch(CommandType.SENTINEL, new ListOfMapsOutput<>(StringCodec.UTF8),
					new CommandArgs<>(StringCodec.UTF8).add("SENTINELS").add(this.masterName))
			.thenApply(Sentinels::selectAll));
		List<SentinelView> views = new ArrayList<>();
		for (HostAndPort address : this.addresses) {
			Optional<Map<String, String>> master = masters.get(address);
			views.add(new SentinelView(address.toString(), master.isPresent(), master.orElse(null),
					replicas.get(address).orElse(List.of()), peers.get(address).orElse(List.of())));
		}
		return views;
	}

	private <T> Map<HostAndPort, Optional<T>> ask(
			Function<RedisSentinelAsyncCommands<String, String>, CompletionStage<T>> question) {
		Map<HostAndPort, CompletableFuture<T>> pending = new LinkedHashMap<>();
		for (HostAndPort address : this.addresses) {
			pending.put(address, connection(address).thenCompose((connection) -> question.apply(connection.async())));
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		Map<HostAndPort, Optional<T>> answers = new LinkedHashMap<>();
		pending.forEach((address, answer) -> answers.put(address, await(address, answer, deadline)));
		return answers;
	}

	private <T> Optional<T> await(HostAndPort address, CompletableFuture<T> answer, long deadline) {
		try {
			return Optional.ofNullable(answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
		}
		catch (ExecutionException | TimeoutException ex) {
			forgetIfBroken(address);
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	private CompletableFuture<StatefulRedisSentinelConnection<String, String>> connection(HostAndPort address) {
		return this.connections.computeIfAbsent(address,
				(key) -> this.client.connectSentinelAsync(StringCodec.UTF8, sentinelUri(key)).toCompletableFuture());
	}

	// A sentinel that was down when first asked is connected again on the next question;
	// an open connection reconnects by itself.
	private void forgetIfBroken(HostAndPort address) {
		CompletableFuture<StatefulRedisSentinelConnection<String, String>> connecting = this.connections.get(address);
		if (connecting != null && connecting.isCompletedExceptionally()) {
			this.connections.remove(address, connecting);
		}
	}

	private RedisURI sentinelUri(HostAndPort address) {
		return RedisURI.builder().withHost(address.host()).withPort(address.port()).withTimeout(this.timeout).build();
	}

	private static Map<String, String> select(Map<String, String> fields, Set<String> wanted) {
		Map<String, String> selected = new LinkedHashMap<>();
		fields.forEach((key, value) -> {
			if (wanted.contains(key)) {
				selected.put(key, value);
			}
		});
		return selected;
	}

	private static List<Map<String, String>> selectAll(List<Map<String, String>> nodes) {
		return nodes.stream().map((node) -> select(node, NODE_FIELDS)).toList();
	}

	@Override
	public void close() {
		this.connections.values()
			.forEach((connecting) -> connecting.thenAccept(StatefulRedisSentinelConnection::closeAsync));
		this.connections.clear();
	}

	/**
	 * One sentinel's view of our master.
	 *
	 * @param sentinel the sentinel's address
	 * @param reachable whether it answered
	 * @param master the master as it sees it (flags, quorum, epoch ...), if it answered
	 * @param replicas the replicas it knows, with their flags and link state
	 * @param sentinels the other sentinels it knows
	 */
	public record SentinelView(String sentinel, boolean reachable, @Nullable Map<String, String> master,
			List<Map<String, String>> replicas, List<Map<String, String>> sentinels) {
	}

}
