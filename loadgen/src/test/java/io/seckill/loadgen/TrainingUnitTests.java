package io.seckill.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AOT training workload against {@link FakeIngress}: it must drive every path a sale
 * takes (accepted, limit reached, sold out, results read) and never wait for the workers,
 * which may not run yet.
 */
class TrainingUnitTests {

	private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void sellsATenthOfTheAttemptsAndMeetsTheLimitAndSoldOut() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.HONEST)) {
			int exit = train(ingress, "--attempts", "400", "--sale-id", "aot-training-test");

			assertThat(exit).as(stderr()).isZero();
			assertThat(ingress.createdSale().path("saleId").asString()).isEqualTo("aot-training-test-c8");
			assertThat(ingress.createdSale().path("stock").asInt()).isEqualTo(40);
			assertThat(ingress.createdSale().path("perUserLimit").asInt()).isEqualTo(1);
			assertThat(stderr()).contains("training workload: 400 attempts, 8 in flight, on sale aot-training-test-c8",
					"202=40", "409=", "410=");
		}
	}

	@Test
	void doesNotWaitForDecisions() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.NEVER_DECIDE)) {
			int exit = train(ingress, "--attempts", "100");

			assertThat(exit).as(stderr()).isZero();
			assertThat(ingress.createdSale().path("saleId").asString()).startsWith("aot-training-");
		}
	}

	@Test
	void failsWhenTheSaleCannotBeCreated() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.REFUSE_SALE)) {
			int exit = train(ingress, "--attempts", "100", "--sale-id", "taken");

			assertThat(exit).isEqualTo(1);
			assertThat(stderr()).contains("creating training sale taken-c8", "409 sale_exists");
		}
	}

	@Test
	void trainsOneSaleForEachConcurrency() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.HONEST)) {
			int exit = train(ingress, "--attempts", "100", "--sale-id", "t", "--concurrency", "4,16");

			assertThat(exit).as(stderr()).isZero();
			assertThat(stderr()).contains("4 in flight, on sale t-c4", "16 in flight, on sale t-c16");
			assertThat(ingress.createdSale().path("saleId").asString()).isEqualTo("t-c16");
		}
	}

	@Test
	void refusesAnInvalidSaleId() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.HONEST)) {
			int exit = train(ingress, "--sale-id", "../etc");

			assertThat(exit).isEqualTo(2);
			assertThat(ingress.createdSale()).isNull();
		}
	}

	private int train(FakeIngress ingress, String... options) throws InterruptedException {
		List<String> args = new ArrayList<>(List.of("train", "--url", ingress.url().toString()));
		args.addAll(List.of(options));
		if (!args.contains("--concurrency")) {
			args.addAll(List.of("--concurrency", "8"));
		}
		return Loadgen.run(args.toArray(String[]::new), Map.of("SECKILL_JWT_SECRET", SECRET), print(this.out),
				print(this.err));
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	private String stderr() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
