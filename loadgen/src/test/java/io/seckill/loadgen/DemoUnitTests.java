package io.seckill.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.sale.SaleIds;
import io.seckill.common.security.DevJwtSecret;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole demo against {@link FakeIngress}, an in-process stand-in for the HTTP
 * contract.
 */
class DemoUnitTests {

	private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256!";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@TempDir
	Path dir;

	@Test
	void sellsExactlyTheStockAndReportsNoOversell() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.HONEST)) {
			Path json = this.dir.resolve("report.json");

			int exit = demo(ingress, "--stock", "50", "--attempts", "600", "--users", "100", "--json", json.toString());

			assertThat(exit).as(stderr()).isZero();
			assertThat(ingress.createdSale().path("perUserLimit").asInt()).isEqualTo(1);
			assertThat(ingress.createdSale().path("startsAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
			JsonNode report = JsonMapper.builder().build().readTree(json.toFile());
			assertThat(report.at("/load/answers/202").asLong()).isEqualTo(50);
			assertThat(report.at("/load/attempts").asInt()).isEqualTo(600);
			assertThat(report.at("/outcomes/confirmed").asLong()).isEqualTo(50);
			assertThat(report.at("/outcomes/stillPending").asLong()).isZero();
			assertThat(report.at("/invariants/oversell").asLong()).isZero();
			assertThat(report.at("/invariants/usersAboveLimit").asLong()).isZero();
			assertThat(report.at("/invariants/hold").asBoolean()).isTrue();
			assertThat(report.at("/sale/remaining").asLong()).isZero();
			assertThat(report.at("/sale/status").asString()).isEqualTo("SOLD_OUT");
			assertThat(stdout()).contains("oversell", "latency (ms)", "verdict                OK");
		}
	}

	@Test
	void failsWhenMoreIsConfirmedThanTheStock() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.OVERSELL)) {
			int exit = demo(ingress, "--stock", "5", "--attempts", "40", "--users", "10");

			assertThat(exit).isEqualTo(1);
			assertThat(stdout()).contains("oversell               35").contains("FAILED");
		}
	}

	@Test
	void failsWhenAcceptedPurchasesStayPending() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.NEVER_DECIDE)) {
			int exit = demo(ingress, "--stock", "3", "--attempts", "20", "--users", "10", "--timeout", "1");

			assertThat(exit).isEqualTo(1);
			assertThat(stdout()).contains("still pending          3 e.g.");
		}
	}

	@Test
	void stopsWithTheReasonWhenTheSaleIsRefused() throws Exception {
		try (FakeIngress ingress = FakeIngress.start(SECRET, FakeIngress.Behaviour.REFUSE_SALE)) {
			int exit = demo(ingress, "--sale-id", "taken");

			assertThat(exit).isEqualTo(1);
			assertThat(stderr()).contains("creating sale taken", "409 sale_exists: A sale with this id exists.");
		}
	}

	@Test
	void countsRefusedConnectionsAsNoAnswer() throws Exception {
		int exit = Loadgen.run(new String[] { "demo", "--url", "http://127.0.0.1:1", "--secret", SECRET, "--progress",
				"none", "--warmup", "0" }, Map.of(), print(this.out), print(this.err));

		assertThat(exit).isEqualTo(1);
		assertThat(stderr()).contains("creating sale", "no answer (ConnectException");
	}

	@Test
	void tokenCommandPrintsAToken() throws Exception {
		int exit = Loadgen.run(new String[] { "token", "--user", "alice" }, Map.of("SECKILL_JWT_SECRET", SECRET),
				print(this.out), print(this.err));

		assertThat(exit).isZero();
		assertThat(stdout().strip()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
	}

	@Test
	void devSecretCommandPrintsTheSharedDevSecret() throws Exception {
		int exit = Loadgen.run(new String[] { "dev-secret" }, Map.of(), print(this.out), print(this.err));

		assertThat(exit).isZero();
		assertThat(stdout()).isEqualTo(DevJwtSecret.VALUE + System.lineSeparator());
	}

	@Test
	void checkSaleIdAcceptsAValidIdSilently() throws Exception {
		int exit = Loadgen.run(new String[] { "check-sale-id", "demo-20261204-101500" }, Map.of(), print(this.out),
				print(this.err));

		assertThat(exit).isZero();
		assertThat(stdout()).isEmpty();
	}

	@Test
	void checkSaleIdSaysWhyAnIdIsRefused() throws Exception {
		int exit = Loadgen.run(new String[] { "check-sale-id", "../etc" }, Map.of(), print(this.out), print(this.err));

		assertThat(exit).isEqualTo(1);
		assertThat(stdout().strip()).isEqualTo("'../etc' " + SaleIds.RULE);
	}

	@Test
	void wrongCommandLineExitsWithTwo() throws Exception {
		int exit = Loadgen.run(new String[] { "demo", "--stokc", "5" }, Map.of("SECKILL_JWT_SECRET", SECRET),
				print(this.out), print(this.err));

		assertThat(exit).isEqualTo(2);
		assertThat(stderr()).contains("unknown option --stokc");
	}

	private int demo(FakeIngress ingress, String... options) throws InterruptedException {
		List<String> args = new ArrayList<>(List.of("demo", "--url", ingress.url().toString(), "--concurrency", "8",
				"--progress", "none", "--warmup", "0"));
		args.addAll(List.of(options));
		return Loadgen.run(args.toArray(String[]::new), Map.of("SECKILL_JWT_SECRET", SECRET), print(this.out),
				print(this.err));
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	private String stdout() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String stderr() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
