package io.seckill.systemtests;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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

	private static String encode(String json) {
		return BASE64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
