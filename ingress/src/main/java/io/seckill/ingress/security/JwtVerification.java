package io.seckill.ingress.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * Builds the bearer-token decoder ({@link SharedSecretJwtDecoder} with the shared secret,
 * Nimbus with a JWK set), and refuses at start-up any setting that would let someone mint
 * tokens: a missing or short secret, the public development secret outside development, a
 * secret next to a JWK set, or a symmetric algorithm for a JWK set.
 * <p>
 * Accepted tokens carry exactly one signature algorithm the configuration names (HS256
 * with the secret; RS/ES/PS with the JWK set), so {@code alg: none} and key confusion are
 * refused by the signature check itself; then {@code exp} (required), {@code nbf},
 * {@code sub} and the optional {@code iss}/{@code aud} are checked.
 */
final class JwtVerification {

	private static final Log logger = LogFactory.getLog(JwtVerification.class);

	/** Longest accepted user id; it becomes part of Redis keys. */
	static final int MAX_SUBJECT_LENGTH = 128;

	private static final String SECRET = "seckill.security.jwt.secret";

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private JwtVerification() {
	}

	/**
	 * The decoder for these settings.
	 * @param jwt the token rules
	 * @return a decoder that verifies signature and claims
	 * @throws InvalidConfigurationPropertyValueException if the settings would make
	 * tokens forgeable
	 */
	static JwtDecoder decoder(SecurityProperties.Jwt jwt) {
		if (!jwt.usesJwkSet()) {
			return new SharedSecretJwtDecoder(secret(jwt), validator(jwt));
		}
		NimbusJwtDecoder decoder = fromJwkSet(jwt);
		decoder.setJwtValidator(validator(jwt));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(SecurityProperties.Jwt jwt) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(new JwtTimestampValidator(jwt.clockSkew()));
		// JwtTimestampValidator accepts a token without exp, which would never expire.
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
		validators.add(JwtVerification::validSubject);
		if (StringUtils.hasText(jwt.issuer())) {
			validators.add(new JwtIssuerValidator(jwt.issuer()));
		}
		if (StringUtils.hasText(jwt.audience())) {
			validators.add(new JwtAudienceValidator(jwt.audience()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	private static byte[] secret(SecurityProperties.Jwt jwt) {
		String secret = jwt.secret();
		if (secret == null || !jwt.hasSecret()) {
			throw new InvalidConfigurationPropertyValueException(SECRET, "(not set)",
					"Set SECKILL_JWT_SECRET to a random secret of at least " + SecurityProperties.Jwt.MIN_SECRET_BYTES
							+ " bytes (e.g. openssl rand -base64 48), or SECKILL_JWT_JWK_SET_URI to accept an identity"
							+ " provider's tokens.");
		}
		byte[] key = secret.getBytes(StandardCharsets.UTF_8);
		if (key.length < SecurityProperties.Jwt.MIN_SECRET_BYTES) {
			throw new InvalidConfigurationPropertyValueException(SECRET, "(" + key.length + " bytes)",
					"HS256 needs a secret of at least " + SecurityProperties.Jwt.MIN_SECRET_BYTES
							+ " bytes; a shorter one can be brute-forced from any token.");
		}
		if (jwt.usesDevSecret()) {
			if (!jwt.allowDevSecret()) {
				throw new InvalidConfigurationPropertyValueException(SECRET, "(the public development secret)",
						"The development secret is published in the repository, so anyone could mint tokens with it."
								+ " Set SECKILL_JWT_SECRET to your own secret; only ./seckill up may use this one"
								+ " (it sets SECKILL_JWT_ALLOW_DEV_SECRET=true).");
			}
			logger.warn("Using the public development JWT secret: anyone can mint tokens for this instance."
					+ " Set SECKILL_JWT_SECRET before real traffic.");
		}
		return key;
	}

	private static NimbusJwtDecoder fromJwkSet(SecurityProperties.Jwt jwt) {
		String jwkSetUri = Objects.requireNonNull(jwt.jwkSetUri());
		if (jwt.hasSecret()) {
			throw new InvalidConfigurationPropertyValueException(SECRET, "(set)",
					"Set SECKILL_JWT_SECRET or SECKILL_JWT_JWK_SET_URI, not both: tokens are verified one way only.");
		}
		requireSecureJwkSetUri(jwkSetUri);
		List<SignatureAlgorithm> algorithms = asymmetric(jwt.algorithms());
		if (!StringUtils.hasText(jwt.audience())) {
			logger.warn("SECKILL_JWT_AUDIENCE is not set: tokens the identity provider issued for other applications"
					+ " are accepted too.");
		}
		logger.info("Bearer tokens are verified with the JWK set at " + jwkSetUri + " (" + algorithms + ")");
		return NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithms((accepted) -> {
			accepted.clear();
			accepted.addAll(algorithms);
		}).build();
	}

	private static void requireSecureJwkSetUri(String jwkSetUri) {
		URI uri;
		try {
			uri = URI.create(jwkSetUri);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("seckill.security.jwt.jwk-set-uri", jwkSetUri,
					"Not a URI: " + ex.getMessage());
		}
		boolean https = "https".equalsIgnoreCase(uri.getScheme());
		boolean loopbackHttp = "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
				&& LOOPBACK_HOSTS.contains(uri.getHost());
		if (!https && !loopbackHttp) {
			// Whoever can tamper with the key download can mint tokens.
			throw new InvalidConfigurationPropertyValueException("seckill.security.jwt.jwk-set-uri", jwkSetUri,
					"The JWK set must be fetched over https (plain http only from this machine).");
		}
	}

	private static List<SignatureAlgorithm> asymmetric(List<String> names) {
		List<SignatureAlgorithm> algorithms = new ArrayList<>();
		for (String name : names) {
			SignatureAlgorithm algorithm = SignatureAlgorithm.from(name.trim());
			if (algorithm == null) {
				// HS256 with a JWK set is the classic key confusion: the public key would
				// become an HMAC secret anyone can use.
				throw new InvalidConfigurationPropertyValueException("seckill.security.jwt.algorithms", name,
						"Only asymmetric algorithms (RS256..512, ES256..512, PS256..512) can be used with a JWK set.");
			}
			algorithms.add(algorithm);
		}
		return algorithms;
	}

	private static OAuth2TokenValidatorResult validSubject(Jwt jwt) {
		String subject = jwt.getSubject();
		if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
				|| !subject.chars().allMatch(JwtVerification::isSubjectChar)) {
			return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
					"sub must be 1-" + MAX_SUBJECT_LENGTH + " characters of letters, digits, '.', '_', '-', '@'",
					null));
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static boolean isSubjectChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
				|| c == '-' || c == '@';
	}

}
