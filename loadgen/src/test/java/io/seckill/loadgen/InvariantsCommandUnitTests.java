package io.seckill.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.seckill.loadgen.invariants.SaleLedger.Figures;

import static org.assertj.core.api.Assertions.assertThat;

class InvariantsCommandUnitTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@Test
	void printsTheFiguresAndThatTheInvariantsHold() {
		int exit = InvariantsCommand.report(new Figures(500, 1, 500, 500, 0, 0), print());

		assertThat(exit).isZero();
		assertThat(stdout()).isEqualTo("""
				  stock                                  500
				  live orders (not EXPIRED/CANCELLED)    500, quantity 500
				  oversell (quantity - stock, if > 0)    0
				  users above the limit of 1             0
				  duplicate purchase_id rows             0
				  invariants hold
				""");
	}

	@Test
	void oversellIsAViolation() {
		int exit = InvariantsCommand.report(new Figures(10, 2, 6, 12, 0, 0), print());

		assertThat(exit).isEqualTo(1);
		assertThat(stdout()).contains("oversell (quantity - stock, if > 0)    2\n").endsWith("  INVARIANT VIOLATED\n");
	}

	@Test
	void aShopperAboveTheLimitIsAViolation() {
		assertThat(new Figures(10, 1, 3, 3, 1, 0).hold()).isFalse();
	}

	@Test
	void aDuplicateOrderRowIsAViolation() {
		assertThat(new Figures(10, 1, 3, 3, 0, 1).hold()).isFalse();
	}

	@Test
	void aDatabaseThatDoesNotAnswerLeavesNothingToCheck() throws Exception {
		int exit = Loadgen.run(new String[] { "invariants", "--sale-id", "s1", "--database", "seckill", "--port", "1" },
				Map.of(), print(), print());

		assertThat(exit).isEqualTo(1);
		assertThat(stdout()).startsWith("  cannot query database seckill on 127.0.0.1:1: ")
			.endsWith("  nothing to check\n");
	}

	private PrintStream print() {
		return new PrintStream(this.out, true, StandardCharsets.UTF_8);
	}

	private String stdout() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

}
