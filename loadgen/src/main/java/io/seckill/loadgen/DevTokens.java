package io.seckill.loadgen;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints the JWTs ingress accepts (DESIGN.md, "Identity"): HS256 over the shared secret,
 * {@code sub} the user id, {@code scope} either {@code purchase} or {@code admin}, with
 * {@code iat} and {@code exp}. For development and load tests only: whoever holds the
 * secret can be anyone.
 */
final class DevTokens {

	/** HS256 wants a key at least as long as its hash. */
	static final int MIN_SECRET_BYTES = 32;

	private final MACSigner signer;

	DevTokens(String secret) {
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < MIN_SECRET_BYTES) {
			throw new UsageException(
					"the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes for HS256, it has " + key.length);
		}
		try {
			this.signer = new MACSigner(key);
		}
		catch (KeyLengthException ex) {
			throw new UsageException("the JWT secret is not usable for HS256: " + ex.getMessage());
		}
	}

	/**
	 * A signed token.
	 * @param userId the {@code sub} claim
	 * @param admin whether the scope is {@code admin} rather than {@code purchase}
	 * @param ttl how long the token stays valid
	 * @param now the issue time
	 * @return the compact serialization, ready for an {@code Authorization: Bearer}
	 * header
	 */
	String mint(String userId, boolean admin, Duration ttl, Instant now) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId)
			.claim("scope", admin ? "admin" : "purchase")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(ttl)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
				claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("HS256 signing failed", ex);
		}
		return jwt.serialize();
	}

}
