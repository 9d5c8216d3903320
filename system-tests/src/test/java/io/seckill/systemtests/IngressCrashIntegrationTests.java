package io.seckill.systemtests;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An ingress dies ({@code kill -9}) mid-sale while a second one serves the same sale.
 * Purchases it had accepted but not yet relayed sit in its consumer's pending list of the
 * outbox stream; the second ingress' relay takes them over once they are idle for
 * {@code SECKILL_RELAY_CLAIM_IDLE} (2 s here). Shoppers whose request died with it retry
 * on the other ingress with the same Idempotency-Key. Invariants: every 202 either
 * ingress answered completes, the DESIGN.md invariants hold. Figures: answers by status,
 * slowest answer, outbox entries taken over.
 */
class IngressCrashIntegrationTests {

	private static final Pattern CLAIMED = Pattern.compile("^seckill_relay_claimed_total(\\{[^}]*\\})? ([0-9.E+]+)$",
			Pattern.MULTILINE);

	private static SeckillSystem system;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
	}

	@Test
	void everyPurchaseAcceptedByAKilledIngressCompletes() {
		ServiceProcess second = system.startIngress("ingress-2");
		try {
			Api first = system.api();
			Api other = new Api(second.baseUrl());
			String saleId = RedisFailoverIntegrationTests.newSale(first, "kill-ingress");
			SteadyLoad.Figures figures;
			List<Crowd.Accepted> accepted;
			try (SteadyLoad load = SteadyLoad.start(List.of(first, other), saleId,
					RedisFailoverIntegrationTests.SHOPPERS, RedisFailoverIntegrationTests.USERS,
					RedisFailoverIntegrationTests.PAUSE)) {
				load.awaitAccepted(400, Duration.ofSeconds(30));
				long faultAt = load.now();
				system.ingress().kill();
				load.awaitAccepted(400, Duration.ofSeconds(30));
				load.close();
				figures = load.figures(faultAt);
				accepted = load.accepted();
				System.out.println("[kill -9 ingress] " + figures);
			}
			assertThat(figures.abandoned()).as("purchases that never got a final answer").isZero();
			SaleInvariants.assertHold("kill -9 ingress", other, saleId, RedisFailoverIntegrationTests.STOCK,
					RedisFailoverIntegrationTests.LIMIT, accepted);
			System.out.println("[kill -9 ingress] outbox entries the second ingress took over: " + claimed(second));
		}
		finally {
			system.restartIngress();
			second.stop();
		}
	}

	private static double claimed(ServiceProcess ingress) {
		Matcher matcher = CLAIMED.matcher(ingress.metrics());
		return matcher.find() ? Double.parseDouble(matcher.group(2)) : 0;
	}

}
