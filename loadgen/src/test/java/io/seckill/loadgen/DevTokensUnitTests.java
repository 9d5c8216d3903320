package io.seckill.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import io.seckill.common.security.DevJwtSecret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DevTokensUnitTests {

	private static final String SECRET = DevJwtSecret.VALUE;

	private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

	@Test
	void mintsPurchaseTokenSignedWithTheSharedSecret() throws Exception {
		SignedJWT jwt = SignedJWT.parse(new DevTokens(SECRET).mint("alice", false, Duration.ofHours(1), NOW));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
		assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
		assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("purchase");
		assertThat(jwt.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(NOW));
		assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(3600)));
	}

	@Test
	void mintsAdminScopeWhenAsked() throws Exception {
		SignedJWT jwt = SignedJWT.parse(new DevTokens(SECRET).mint("ops", true, Duration.ofMinutes(5), NOW));

		assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("admin");
		assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(300)));
	}

	@Test
	void tokenDoesNotVerifyWithAnotherSecret() throws Exception {
		SignedJWT jwt = SignedJWT.parse(new DevTokens(SECRET).mint("alice", false, Duration.ofHours(1), NOW));

		assertThat(jwt.verify(new MACVerifier("another-secret-that-is-long-enough-for-hs256"))).isFalse();
	}

	@Test
	void refusesSecretShorterThan256Bits() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> new DevTokens("too-short"))
			.withMessageContaining("at least 32 bytes");
	}

}
