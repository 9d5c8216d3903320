package io.seckill.systemtests;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sentinel dies during a live sale ({@code kill -9}). Two of three still hold the
 * quorum and nothing about the master changes. Invariant: no purchase fails, the
 * DESIGN.md invariants hold. Figures: answers by status, slowest answer.
 */
class SentinelCrashIntegrationTests {

	private static SeckillSystem system;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
	}

	@AfterEach
	void restoreTopology() {
		RedisTopology.restore();
	}

	@Test
	void killedSentinelChangesNothingForShoppers() {
		Api api = system.api();
		String saleId = RedisFailoverIntegrationTests.newSale(api, "kill-sentinel");
		SteadyLoad.Figures figures;
		List<Crowd.Accepted> accepted;
		try (SteadyLoad load = SteadyLoad.start(List.of(api), saleId, RedisFailoverIntegrationTests.SHOPPERS,
				RedisFailoverIntegrationTests.USERS, RedisFailoverIntegrationTests.PAUSE)) {
			load.awaitAccepted(200, Duration.ofSeconds(30));
			int sentinel = RedisTopology.sentinelPorts().get(0);
			int master = RedisTopology.masterPort();
			long faultAt = load.now();
			RedisTopology.kill(sentinel);
			load.awaitAccepted(600, Duration.ofSeconds(60));
			load.close();
			figures = load.figures(faultAt);
			accepted = load.accepted();
			System.out.println("[kill -9 sentinel " + sentinel + "] " + figures);
			assertThat(RedisTopology.masterPort()).as("master after the sentinel died").isEqualTo(master);
		}
		assertThat(figures.failures()).as("503s and unanswered purchases after the sentinel died").isZero();
		assertThat(figures.abandoned()).isZero();
		SaleInvariants.assertHold("kill -9 sentinel", api, saleId, RedisFailoverIntegrationTests.STOCK,
				RedisFailoverIntegrationTests.LIMIT, accepted);
	}

}
