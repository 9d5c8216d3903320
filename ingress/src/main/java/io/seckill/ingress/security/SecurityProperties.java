package io.seckill.ingress.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import org.hibernate.validator.constraints.time.DurationMax;
import org.jspecify.annotations.Nullable;

import io.seckill.common.security.DevJwtSecret;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens are checked (issue 6). Tokens are verified either with the shared
 * HS256 secret or, when an identity provider issues them, with its JWK set; never both,
 * so a public key can never be used as an HMAC secret.
 *
 * @param jwt the token rules
 */
@Validated
@ConfigurationProperties("seckill.security")
record SecurityProperties(@Valid @DefaultValue Jwt jwt) {

	/**
	 * Token rules.
	 *
	 * @param secret shared HS256 secret, at least 32 bytes; required unless
	 * {@code jwkSetUri} is set ({@code ./seckill up} supplies a public development
	 * secret, with a warning)
	 * @param allowDevSecret whether the public development secret may be used
	 * ({@code ./seckill up} sets it when it supplies that secret)
	 * @param jwkSetUri the identity provider's JWK set; replaces the shared secret
	 * @param algorithms signature algorithms accepted from the JWK set (asymmetric only)
	 * @param issuer required {@code iss}, if set
	 * @param audience required entry of {@code aud}, if set
	 * @param clockSkew tolerance on {@code exp} and {@code nbf}, at most 5 minutes
	 * @param cacheSize most verified tokens the purchase route remembers; about 400 bytes
	 * each
	 */
	record Jwt(@Nullable String secret, @DefaultValue("false") boolean allowDevSecret, @Nullable String jwkSetUri,
			@DefaultValue("RS256") @NotEmpty List<String> algorithms, @Nullable String issuer,
			@Nullable String audience, @DefaultValue("30s") @DurationMax(minutes = 5) Duration clockSkew,
			@DefaultValue("100000") @Min(0) int cacheSize) {

		/** HS256 needs a key at least as long as its 256-bit hash. */
		static final int MIN_SECRET_BYTES = 32;

		boolean usesJwkSet() {
			return StringUtils.hasText(this.jwkSetUri);
		}

		boolean hasSecret() {
			return StringUtils.hasText(this.secret);
		}

		/**
		 * Whether the secret is the published {@link DevJwtSecret}: start-up refuses it
		 * unless {@link #allowDevSecret()}.
		 */
		boolean usesDevSecret() {
			return DevJwtSecret.VALUE.equals(this.secret);
		}

	}

}
