package io.seckill.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis nodes die and nobody restarts them by hand (issue 12, item 6). Faults:
 * {@code kill
 * -9} of both replicas; {@code kill -9} of the master and, as soon as the sentinels name
 * its successor, of that one too. Invariants: a missing replica raises the alert (metric,
 * WARN line, webhook notice) within seconds; the topology's supervisor brings every dead
 * node back as a replica of the current master, so writes, refused while the master has
 * no replica (min-replicas-to-write 1), come back by themselves; the DESIGN.md invariants
 * hold. Figures: time to the alert, to the repair, to purchases accepted again.
 */
class RedisSelfRepairIntegrationTests {

	/** "Within seconds": the watch reads once a second and reports after a 1 s grace. */
	static final Duration ALERT_WITHIN = Duration.ofSeconds(5);

	/** The supervisor looks every half second; a restarted replica then resyncs. */
	static final Duration REPAIR_WITHIN = Duration.ofSeconds(20);

	/**
	 * Two failovers back to back, the second one possibly waiting for the first killed
	 * master to come back as a replica (the new master refuses writes without one).
	 */
	static final Duration RECOVERY_AFTER_TWO_KILLS = Duration.ofSeconds(30);

	private static SeckillSystem system;

	private final List<String> notices = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
	}

	@AfterEach
	void restoreTopology() {
		RedisTopology.restore();
	}

	@Test
	void killedReplicasRaiseTheAlertWithinSecondsAndTheSupervisorBringsThemBack() throws IOException {
		HttpServer receiver = startReceiver();
		ServiceProcess ingress = ServiceProcess.start("ingress", "ingress-replica-alert",
				Map.of("SECKILL_ALERT_WEBHOOK", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts",
						"SECKILL_RELAY_ENABLED", "false"));
		try {
			await("the ingress sees two replicas").atMost(Duration.ofSeconds(30))
				.until(() -> connectedReplicas(ingress) == 2);
			int master = RedisTopology.masterPort();
			List<Integer> replicas = RedisTopology.dataPorts().stream().filter((port) -> port != master).toList();
			long killedAt;
			long alertedAt;
			RedisTopology.pauseSupervisor();
			try {
				killedAt = System.nanoTime();
				replicas.forEach(RedisTopology::kill);
				await("redis.replicas_missing notice").atMost(ALERT_WITHIN)
					.pollInterval(Duration.ofMillis(50))
					.until(() -> notices("redis.replicas_missing")
						.anyMatch((notice) -> notice.contains("\"connected\":0")));
				alertedAt = System.nanoTime();
				assertThat(connectedReplicas(ingress)).as("seckill_redis_replicas{state=connected}").isZero();
				assertThat(Files.readString(ingress.log())).contains("WARN")
					.containsPattern("redis_replicas event=redis.replicas_missing master=127.0.0.1:" + master
							+ " connected=0 expected=2");
			}
			finally {
				RedisTopology.resumeSupervisor();
			}
			long resumedAt = System.nanoTime();
			await("both replicas back by themselves: redis.replicas_restored").atMost(REPAIR_WITHIN)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> notices("redis.replicas_restored").findAny().isPresent());
			long repairedAt = System.nanoTime();
			assertThat(connectedReplicas(ingress)).isEqualTo(2);
			await("a healthy topology").atMost(REPAIR_WITHIN)
				.pollInterval(Duration.ofMillis(200))
				.until(RedisTopology::healthy);
			assertThat(RedisTopology.masterPort()).as("the master, untouched").isEqualTo(master);
			System.out.println("[kill -9 replicas " + replicas + "] alert " + (alertedAt - killedAt) / 1_000_000
					+ " ms after the kill; both replicas online again " + (repairedAt - resumedAt) / 1_000_000
					+ " ms after the supervisor resumed; notices " + this.notices);
		}
		finally {
			ingress.stop();
			receiver.stop(0);
		}
	}

	@Test
	void twoMasterKillsInARowHealWithoutAnyoneRestartingANode() {
		Api api = system.api();
		String saleId = RedisFailoverIntegrationTests.newSale(api, "double-kill");
		SteadyLoad.Figures figures;
		List<Crowd.Accepted> accepted;
		try (SteadyLoad load = SteadyLoad.start(List.of(api), saleId, RedisFailoverIntegrationTests.SHOPPERS,
				RedisFailoverIntegrationTests.USERS, RedisFailoverIntegrationTests.PAUSE)) {
			load.awaitAccepted(200, Duration.ofSeconds(30));
			int first = RedisTopology.masterPort();
			long firstKillAt = load.now();
			RedisTopology.kill(first);
			int second = RedisTopology.awaitNewMaster(first, Duration.ofSeconds(30));
			long secondKillAt = load.now();
			RedisTopology.kill(second);
			int third = RedisTopology.awaitNewMaster(second, Duration.ofSeconds(30));
			load.awaitRecovered(secondKillAt, Duration.ofSeconds(60));
			load.awaitAccepted(200, Duration.ofSeconds(30));
			load.close();
			figures = load.figures(secondKillAt);
			accepted = load.accepted();
			System.out.println(
					"[kill -9 master " + first + ", then " + second + " " + (secondKillAt - firstKillAt) / 1_000_000
							+ " ms later -> " + third + "] after the second kill: " + figures);
		}
		assertThat(figures.abandoned()).as("purchases that never got a final answer").isZero();
		// Without the supervisor the lone survivor refuses every write (NOREPLICAS) for
		// good.
		assertThat(figures.recoveredAfter()).as("ms from the second kill to purchases accepted again")
			.isNotNull()
			.isLessThan(RECOVERY_AFTER_TWO_KILLS.toMillis());
		await("both killed masters back as replicas, by themselves").atMost(REPAIR_WITHIN)
			.pollInterval(Duration.ofMillis(500))
			.until(RedisTopology::healthy);
		SaleInvariants.assertHold("two master kills", api, saleId, RedisFailoverIntegrationTests.STOCK,
				RedisFailoverIntegrationTests.LIMIT, accepted);
	}

	private HttpServer startReceiver() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/alerts", (exchange) -> {
			this.notices.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	private Stream<String> notices(String event) {
		return this.notices.stream().filter((notice) -> notice.contains("\"event\":\"" + event + "\""));
	}

	private static double connectedReplicas(ServiceProcess ingress) {
		try {
			OptionalDouble value = Prometheus.value(ingress.metrics(), "seckill_redis_replicas", "state=connected");
			return value.orElse(Double.NaN);
		}
		catch (UncheckedIOException ex) {
			return Double.NaN;
		}
	}

}
