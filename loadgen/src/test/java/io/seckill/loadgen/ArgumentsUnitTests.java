package io.seckill.loadgen;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArgumentsUnitTests {

	@Test
	void readsSpaceAndEqualsFormsAndFlags() {
		Arguments args = parse("--user", "alice", "--ttl=60", "--admin");

		assertThat(args.required("user")).isEqualTo("alice");
		assertThat(args.integer("ttl", 3600, 1, 1000)).isEqualTo(60);
		assertThat(args.flag("admin")).isTrue();
	}

	@Test
	void absentOptionsTakeTheirDefaults() {
		Arguments args = parse();

		assertThat(args.integer("stock", 500, 1, 1000)).isEqualTo(500);
		assertThat(args.string("url", "http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
		assertThat(args.string("json")).isNull();
		assertThat(args.flag("admin")).isFalse();
	}

	@Test
	void acceptsUnderscoresInNumbers() {
		assertThat(parse("--attempts", "20_000").integer("attempts", 1, 1, 1_000_000)).isEqualTo(20_000);
	}

	@Test
	void flagDoesNotSwallowTheNextOption() {
		Arguments args = parse("--admin", "--user", "ops");

		assertThat(args.flag("admin")).isTrue();
		assertThat(args.required("user")).isEqualTo("ops");
	}

	@Test
	void rejectsOptionWithoutValue() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("--user"))
			.withMessage("--user needs a value");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("--user", "--admin"))
			.withMessage("--user needs a value");
	}

	@Test
	void rejectsStrayWordsAndRepeatedOptions() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("alice"))
			.withMessage("unexpected argument 'alice'");
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse("--user", "a", "--user", "b"))
			.withMessage("--user is given twice");
	}

	@Test
	void rejectsUnknownOptionsOnceTheKnownOnesWereRead() {
		Arguments args = parse("--user", "alice", "--stokc", "5");
		args.required("user");

		assertThatExceptionOfType(UsageException.class).isThrownBy(args::rejectUnknown)
			.withMessage("unknown option --stokc");
	}

	@Test
	void rejectsNumbersThatAreNotNumbersOrOutOfBounds() {
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> parse("--stock", "many").integer("stock", 1, 1, 10))
			.withMessage("--stock must be a whole number, not 'many'");
		assertThatExceptionOfType(UsageException.class)
			.isThrownBy(() -> parse("--stock", "0").integer("stock", 1, 1, 10))
			.withMessage("--stock must be between 1 and 10, not 0");
	}

	@Test
	void requiredOptionMustBePresent() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> parse().required("user"))
			.withMessage("--user is required");
	}

	private static Arguments parse(String... args) {
		return Arguments.parse(args, Set.of("admin"));
	}

}
