package io.seckill.ingress.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressUnitTests {

	@Test
	void countsIpv4WholeAndIpv6ByItsSlash64() {
		assertThat(ClientAddress.of("203.0.113.7").key()).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.of("2001:db8:1:2:aaaa::1").key())
			.isEqualTo(ClientAddress.of("2001:db8:1:2:ffff:ffff:ffff:ffff").key())
			.isNotEqualTo(ClientAddress.of("2001:db8:1:3::1").key());
		assertThat(ClientAddress.of("::ffff:203.0.113.7").key()).isEqualTo("203.0.113.7");
	}

	@Test
	void neverResolvesNamesOrOddLiterals() {
		// Any of these reaching InetAddress.getByName unbracketed would be a DNS lookup.
		for (String value : List.of("localhost", "cafe", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "",
				"::zz", "1.2.3.4 ", "[::1")) {
			assertThat(IpLiterals.parse(value)).as(value).isNull();
			assertThat(ClientAddress.of(value).key()).isEqualTo(value);
		}
	}

	@Test
	void matchesCidrRanges() {
		List<AddressRange> loopback = List.of(AddressRange.parse("127.0.0.0/8"), AddressRange.parse("::1/128"));

		assertThat(ClientAddress.of("127.0.0.1").isIn(loopback)).isTrue();
		assertThat(ClientAddress.of("127.200.3.4").isIn(loopback)).isTrue();
		assertThat(ClientAddress.of("::1").isIn(loopback)).isTrue();
		assertThat(ClientAddress.of("128.0.0.1").isIn(loopback)).isFalse();
		assertThat(ClientAddress.of("::2").isIn(loopback)).isFalse();
		assertThat(ClientAddress.of("not-an-address").isIn(loopback)).isFalse();
		assertThat(ClientAddress.of("10.1.2.3").isIn(List.of(AddressRange.parse("10.0.0.0/12")))).isTrue();
		assertThat(ClientAddress.of("10.16.0.1").isIn(List.of(AddressRange.parse("10.0.0.0/12")))).isFalse();
		assertThat(ClientAddress.of("192.0.2.5").isIn(List.of(AddressRange.parse("192.0.2.5")))).isTrue();
		assertThat(ClientAddress.of("192.0.2.5").isIn(List.of(AddressRange.parse("0.0.0.0/0")))).isTrue();
	}

	@Test
	void refusesRangesThatAreNotCidrOfLiterals() {
		for (String value : List.of("localhost/8", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "*", "10.0.0.0/-1")) {
			assertThatIllegalArgumentException().as(value).isThrownBy(() -> AddressRange.parse(value));
		}
	}

}
