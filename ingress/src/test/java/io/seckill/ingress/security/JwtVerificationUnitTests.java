package io.seckill.ingress.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.seckill.common.security.DevJwtSecret;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Which tokens the decoder accepts, and which settings refuse to start.
 */
class JwtVerificationUnitTests {

	private static final String SECRET = "unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789";

	private static RSAKey providerKey;

	private static HttpServer jwkServer;

	private final JwtDecoder decoder = JwtVerification.decoder(secretJwt(SECRET, null, null));

	@BeforeAll
	static void startIdentityProvider() throws Exception {
		providerKey = new RSAKeyGenerator(2048).keyID("provider-1").generate();
		byte[] jwks = new JWKSet(providerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		jwkServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		jwkServer.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		jwkServer.start();
	}

	@AfterAll
	static void stopIdentityProvider() {
		jwkServer.stop(0);
	}

	@Test
	void acceptsHs256TokenSignedWithTheSecret() {
		Jwt jwt = this.decoder.decode(hs(JWSAlgorithm.HS256, SECRET, claims("alice")));

		assertThat(jwt.getSubject()).isEqualTo("alice");
	}

	@Test
	void refusesAlgNone() {
		String unsigned = new PlainJWT(claims("mallory").build()).serialize();

		assertRefused(unsigned);
	}

	@Test
	void refusesAlgNoneWithAForgedSignatureSegment() {
		String signed = hs(JWSAlgorithm.HS256, SECRET, claims("alice"));
		String noneHeader = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");

		assertRefused(noneHeader + signed.substring(signed.indexOf('.')));
	}

	@Test
	void refusesOtherHmacAlgorithmsEvenWithTheRightSecret() {
		assertRefused(hs(JWSAlgorithm.HS384, SECRET, claims("alice")));
		assertRefused(hs(JWSAlgorithm.HS512, SECRET, claims("alice")));
	}

	@Test
	void refusesRs256InSecretMode() throws Exception {
		assertRefused(rs(providerKey, claims("alice")));
	}

	@Test
	void refusesWrongSecretAndTamperedClaims() {
		assertRefused(hs(JWSAlgorithm.HS256, "another-secret-another-secret-another-secret", claims("alice")));
		String genuine = hs(JWSAlgorithm.HS256, SECRET, claims("alice"));
		String[] parts = genuine.split("\\.");
		String admin = base64("{\"sub\":\"alice\",\"scope\":\"admin\",\"exp\":"
				+ Instant.now().plusSeconds(600).getEpochSecond() + "}");

		assertRefused(parts[0] + "." + admin + "." + parts[2]);
	}

	@Test
	void refusesExpiredTokenBeyondTheSkewAndAcceptsWithinIt() {
		Instant now = Instant.now();

		JWTClaimsSet.Builder issuedAnHourAgo = claims("alice").issueTime(Date.from(now.minusSeconds(3600)));

		assertRefused(hs(JWSAlgorithm.HS256, SECRET, issuedAnHourAgo.expirationTime(Date.from(now.minusSeconds(60)))));
		assertThat(this.decoder
			.decode(hs(JWSAlgorithm.HS256, SECRET, issuedAnHourAgo.expirationTime(Date.from(now.minusSeconds(10)))))
			.getSubject()).isEqualTo("alice");
	}

	@Test
	void refusesTokenNotYetValidBeyondTheSkew() {
		Instant now = Instant.now();

		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("alice").notBeforeTime(Date.from(now.plusSeconds(120)))));
		assertThat(this.decoder
			.decode(hs(JWSAlgorithm.HS256, SECRET, claims("alice").notBeforeTime(Date.from(now.plusSeconds(10)))))
			.getSubject()).isEqualTo("alice");
	}

	@Test
	void acceptsOnlyWhatNimbusAcceptedFromTokensSignedWithTheSecret() {
		long exp = Instant.now().plusSeconds(600).getEpochSecond();
		String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

		// Shapes a holder of the secret could sign, accepted as Nimbus accepted them.
		assertThat(this.decoder.decode(signed("{\"alg\":\"HS256\"}", "{\"sub\":\"alice\",\"exp\":" + exp + "}"))
			.getSubject()).isEqualTo("alice");
		assertThat(this.decoder
			.decode(signed(header, "{\"sub\":\"alice\",\"exp\":" + exp + ".5,\"aud\":[\"seckill\",\"other\"]}"))
			.getAudience()).containsExactly("seckill", "other");
		assertThat(this.decoder.decode(signed(header, "{\"sub\":\"alice\",\"exp\":" + exp + "}")).getExpiresAt())
			.isEqualTo(Instant.ofEpochSecond(exp));

		// Signed with the secret, but refused: a header the decoder does not understand,
		// claims of the wrong type, names given twice.
		assertRefused(signed("{\"alg\":\"HS256\",\"crit\":[\"b64\"],\"b64\":false}",
				"{\"sub\":\"alice\",\"exp\":" + exp + "}"));
		assertRefused(signed("{\"alg\":\"HS256\",\"typ\":\"at+jwt-not\"}", "{\"sub\":\"alice\",\"exp\":" + exp + "}"));
		assertRefused(signed("{\"alg\":\"hs256\"}", "{\"sub\":\"alice\",\"exp\":" + exp + "}"));
		assertRefused(signed(header, "{\"sub\":\"alice\",\"exp\":\"" + exp + "\"}"));
		assertRefused(signed(header, "{\"sub\":42,\"exp\":" + exp + "}"));
		assertRefused(signed(header, "{\"sub\":\"alice\",\"exp\":" + exp + ",\"aud\":[1]}"));
		assertRefused(signed(header, "{\"sub\":\"alice\",\"sub\":\"bob\",\"exp\":" + exp + "}"));
		assertRefused(signed(header, "[\"alice\"]"));
		assertRefused(signed(header, "{\"sub\":\"alice\",\"exp\":1e400}"));
	}

	@Test
	void refusesMalformedTokensWithoutAStackTrace() {
		String genuine = hs(JWSAlgorithm.HS256, SECRET, claims("alice"));

		assertRefused(genuine + ".");
		assertRefused(genuine + ".extra");
		assertRefused(genuine.substring(0, genuine.lastIndexOf('.') + 1));
		assertRefused("." + genuine.substring(genuine.indexOf('.') + 1));
		assertRefused(genuine.replace('.', '!'));
		assertRefused(genuine.substring(0, genuine.length() - 2) + "*~");
		assertRefused("a".repeat(SharedSecretJwtDecoder.MAX_TOKEN_LENGTH) + "." + genuine);
		assertRefused("");
	}

	@Test
	void refusesTokenWithoutExpiry() {
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("alice").expirationTime(null)));
	}

	@Test
	void refusesMissingBlankOverlongOrOddSubject() {
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("alice").subject(null)));
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims(" ")));
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("a".repeat(JwtVerification.MAX_SUBJECT_LENGTH + 1))));
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("../admin")));
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("alice:idem:*")));
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("al{ice}")));
	}

	/**
	 * User ids compare byte for byte everywhere (issue 12 item 1): ids that differ only
	 * in case are different shoppers, and ids whose Unicode forms could be merged by a
	 * normalizing or accent-blind comparison never get in.
	 */
	@Test
	void keepsSubjectsThatDifferInCaseApartAndRefusesThoseANormalizationCouldMerge() {
		assertThat(this.decoder.decode(hs(JWSAlgorithm.HS256, SECRET, claims("CASEY"))).getSubject())
			.isEqualTo("CASEY");
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("zo\u00eb")));
		assertRefused(hs(JWSAlgorithm.HS256, SECRET, claims("zoe\u0308")));
	}

	@Test
	void checksIssuerAndAudienceWhenConfigured() {
		JwtDecoder strict = JwtVerification.decoder(secretJwt(SECRET, "https://id.example", "seckill"));

		assertThat(strict
			.decode(hs(JWSAlgorithm.HS256, SECRET,
					claims("alice").issuer("https://id.example").audience(List.of("other", "seckill"))))
			.getSubject()).isEqualTo("alice");
		assertRefused(strict, hs(JWSAlgorithm.HS256, SECRET, claims("alice").audience("seckill")));
		assertRefused(strict,
				hs(JWSAlgorithm.HS256, SECRET, claims("alice").issuer("https://evil.example").audience("seckill")));
		assertRefused(strict,
				hs(JWSAlgorithm.HS256, SECRET, claims("alice").issuer("https://id.example").audience("other")));
	}

	@Test
	void refusesToStartWithoutASecret() {
		assertRefusesToStart(secretJwt(null, null, null), "SECKILL_JWT_SECRET");
		assertRefusesToStart(secretJwt("   ", null, null), "SECKILL_JWT_SECRET");
	}

	@Test
	void refusesToStartWithAShortSecret() {
		assertRefusesToStart(secretJwt("x".repeat(31), null, null), "at least 32 bytes");
	}

	@Test
	void refusesThePublicDevSecretUnlessDevelopmentUseIsDeclared() {
		String dev = DevJwtSecret.VALUE;
		assertRefusesToStart(secretJwt(dev, null, null), "published in the repository");

		JwtDecoder devDecoder = JwtVerification.decoder(jwt(dev, true, null, List.of("RS256"), null, null));
		assertThat(devDecoder.decode(hs(JWSAlgorithm.HS256, dev, claims("alice"))).getSubject()).isEqualTo("alice");
	}

	@Test
	void acceptsTheProvidersRs256TokensFromItsJwkSet() throws Exception {
		JwtDecoder provider = JwtVerification.decoder(providerJwt(List.of("RS256")));

		assertThat(provider.decode(rs(providerKey, claims("alice"))).getSubject()).isEqualTo("alice");
	}

	@Test
	void refusesKeyConfusionInJwkSetMode() throws Exception {
		JwtDecoder provider = JwtVerification.decoder(providerJwt(List.of("RS256")));
		// The attacker knows the public key and uses it as an HMAC secret.
		String publicKeyAsSecret = Base64.getEncoder().encodeToString(providerKey.toRSAPublicKey().getEncoded());
		RSAKey attackerKey = new RSAKeyGenerator(2048).keyID("provider-1").generate();

		assertRefused(provider, hs(JWSAlgorithm.HS256, publicKeyAsSecret, claims("alice")));
		assertRefused(provider, hs(JWSAlgorithm.HS256, providerKey.toPublicJWK().toJSONString(), claims("alice")));
		assertRefused(provider, rs(attackerKey, claims("alice")));
		assertRefused(provider, new PlainJWT(claims("alice").build()).serialize());
	}

	@Test
	void refusesToStartWithAmbiguousOrUnsafeProviderSettings() {
		String uri = jwkSetUri();
		assertRefusesToStart(jwt(SECRET, false, uri, List.of("RS256"), null, null), "not both");
		assertRefusesToStart(jwt(null, false, uri, List.of("HS256"), null, null), "asymmetric");
		assertRefusesToStart(jwt(null, false, "http://id.example/jwks", List.of("RS256"), null, null), "https");
	}

	private static void assertRefusesToStart(SecurityProperties.Jwt jwt, String reason) {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> JwtVerification.decoder(jwt))
			.satisfies((ex) -> assertThat(ex.getReason()).contains(reason))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(SECRET));
	}

	private void assertRefused(String token) {
		assertRefused(this.decoder, token);
	}

	private static void assertRefused(JwtDecoder decoder, String token) {
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token));
	}

	private static SecurityProperties.Jwt secretJwt(String secret, String issuer, String audience) {
		return jwt(secret, false, null, List.of("RS256"), issuer, audience);
	}

	private static SecurityProperties.Jwt providerJwt(List<String> algorithms) {
		return jwt(null, false, jwkSetUri(), algorithms, null, null);
	}

	private static SecurityProperties.Jwt jwt(String secret, boolean allowDev, String jwkSetUri,
			List<String> algorithms, String issuer, String audience) {
		return new SecurityProperties.Jwt(secret, allowDev, jwkSetUri, algorithms, issuer, audience,
				Duration.ofSeconds(30), 1000);
	}

	private static String jwkSetUri() {
		return "http://127.0.0.1:" + jwkServer.getAddress().getPort() + "/jwks";
	}

	private static JWTClaimsSet.Builder claims(String subject) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject(subject)
			.claim("scope", "purchase")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(600)));
	}

	private static String hs(JWSAlgorithm algorithm, String secret, JWTClaimsSet.Builder claims) {
		try {
			return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), algorithm, null, claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String rs(RSAKey key, JWTClaimsSet.Builder claims) throws JOSEException {
		return sign(new RSASSASigner(key), JWSAlgorithm.RS256, key.getKeyID(), claims);
	}

	private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String keyId, JWTClaimsSet.Builder claims) {
		JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT);
		if (keyId != null) {
			header.keyID(keyId);
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims.build());
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** Header and claims as written, signed with the secret. */
	private static String signed(String header, String claims) {
		String input = base64(header) + "." + base64(claims);
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return input + "."
					+ Base64.getUrlEncoder()
						.withoutPadding()
						.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
