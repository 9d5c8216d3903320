package io.seckill.systemtests;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 bearer tokens signed with the test secret, as an identity provider would mint
 * them.
 */
final class Tokens {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private Tokens() {
	}

	static String shopper(String userId) {
		return sign(userId, "purchase", Instant.now().plusSeconds(3600), TestEnvironment.JWT_SECRET);
	}

	static String admin() {
		return sign("ops", "admin", Instant.now().plusSeconds(3600), TestEnvironment.JWT_SECRET);
	}

	static String sign(String subject, String scope, Instant expiresAt, String secret) {
		String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = encode("{\"sub\":\"" + subject + "\",\"scope\":\"" + scope + "\",\"iat\":"
				+ Instant.now().getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond() + "}");
		String signingInput = header + "." + claims;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return signingInput + "."
					+ BASE64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An unsigned token ({@code alg: none}) with any claims: the oldest JWT forgery.
	 * @param subject the {@code sub} claim
	 * @param scope the {@code scope} claim
	 * @return the token, with an empty signature part
	 */
	static String unsigned(String subject, String scope) {
		return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(claims(subject, scope)) + ".";
	}

	/**
	 * A token with the given header and claims, MAC-signed with the test secret.
	 * @param headerJson the JOSE header, e.g. with another {@code alg}
	 * @param claimsJson the claims
	 * @param macAlgorithm the JCA MAC that signs it, e.g. {@code HmacSHA512}
	 * @return the token
	 */
	static String custom(String headerJson, String claimsJson, String macAlgorithm) {
		String signingInput = encode(headerJson) + "." + encode(claimsJson);
		try {
			Mac mac = Mac.getInstance(macAlgorithm);
			mac.init(new SecretKeySpec(TestEnvironment.JWT_SECRET.getBytes(StandardCharsets.UTF_8), macAlgorithm));
			return signingInput + "."
					+ BASE64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * HS256 over the test secret with exactly these claims (no {@code exp} unless given).
	 * @param claimsJson the claims
	 * @return the token
	 */
	static String withClaims(String claimsJson) {
		return custom("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claimsJson, "HmacSHA256");
	}

	/**
	 * An RS256 token signed with a key pair made up on the spot: well formed, but no key
	 * the ingress trusts.
	 * @param subject the {@code sub} claim
	 * @param scope the {@code scope} claim
	 * @return the token
	 */
	static String rs256(String subject, String scope) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keys = generator.generateKeyPair();
			String signingInput = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + encode(claims(subject, scope));
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(keys.getPrivate());
			signature.update(signingInput.getBytes(StandardCharsets.UTF_8));
			return signingInput + "." + BASE64.encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A genuine shopper token whose claims were rewritten to scope {@code admin}, the
	 * signature kept.
	 * @param subject the {@code sub} claim
	 * @return the tampered token
	 */
	static String tamperedToAdmin(String subject) {
		String[] parts = shopper(subject).split("\\.");
		return parts[0] + "." + encode(claims(subject, "admin")) + "." + parts[2];
	}

	private static String claims(String subject, String scope) {
		return "{\"sub\":\"" + subject + "\",\"scope\":\"" + scope + "\",\"iat\":" + Instant.now().getEpochSecond()
				+ ",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + "}";
	}

	private static String encode(String json) {
		return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
