package io.seckill.ingress.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Verifies HS256 tokens signed with the shared secret, in the ingress's hot path (issue
 * 10): in a flash sale nearly every shopper's token is new to the ingress, and
 * {@code NimbusJwtDecoder} spent about 15 % of the ingress's CPU per purchase on a token:
 * a verifier and a {@link Mac} made per token, the header and claims parsed by a second
 * JSON library, every claim converted through a conversion service. This decoder does the
 * same checks with one {@link Mac} per thread and the JSON library the process already
 * runs, then hands the claims to the same Spring Security validators
 * ({@link JwtVerification#validator}).
 * <p>
 * What it accepts, as strictly as Nimbus did: three base64url parts; a header that is a
 * JSON object naming {@code "alg":"HS256"} (nothing else: {@code none}, other HMAC or
 * public-key algorithms are refused), {@code typ} absent or {@code JWT}, no {@code crit}
 * parameters (none is understood); a signature equal, in constant time, to the HMAC of
 * the first two parts; claims that are a JSON object without duplicate names, whose
 * {@code exp}, {@code nbf} and {@code iat} are numbers (epoch seconds), {@code iss},
 * {@code sub} and {@code jti} strings and {@code aud} a string or strings. Tokens with a
 * JWK set are verified by Nimbus as before.
 */
final class SharedSecretJwtDecoder implements JwtDecoder {

	/** Longer tokens are refused before any work; the HTTP header limit is 8 KiB. */
	static final int MAX_TOKEN_LENGTH = 8192;

	private static final String ALGORITHM = "HmacSHA256";

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

	private static final List<String> DATE_CLAIMS = List.of(JwtClaimNames.EXP, JwtClaimNames.NBF, JwtClaimNames.IAT);

	private static final List<String> TEXT_CLAIMS = List.of(JwtClaimNames.ISS, JwtClaimNames.SUB, JwtClaimNames.JTI);

	private final SecretKeySpec key;

	private final ThreadLocal<Mac> macs;

	private final OAuth2TokenValidator<Jwt> validator;

	SharedSecretJwtDecoder(byte[] secret, OAuth2TokenValidator<Jwt> validator) {
		this.key = new SecretKeySpec(secret, ALGORITHM);
		this.validator = validator;
		this.macs = ThreadLocal.withInitial(this::newMac);
		newMac();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new BadJwtException("The token is too long");
		}
		int firstDot = token.indexOf('.');
		int secondDot = (firstDot > 0) ? token.indexOf('.', firstDot + 1) : -1;
		if (secondDot < 0 || secondDot == firstDot + 1 || secondDot == token.length() - 1
				|| token.indexOf('.', secondDot + 1) >= 0) {
			throw new BadJwtException("A signed JWT has three non-empty parts");
		}
		Map<String, Object> headers = object(token.substring(0, firstDot), "header");
		checkHeader(headers);
		byte[] signature = decode64(token.substring(secondDot + 1), "signature");
		Mac mac = this.macs.get();
		byte[] expected = mac.doFinal(token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII));
		if (!MessageDigest.isEqual(expected, signature)) {
			throw new BadJwtException("The signature does not verify");
		}
		Map<String, Object> claims = claims(object(token.substring(firstDot + 1, secondDot), "claims"));
		Jwt jwt;
		try {
			jwt = new Jwt(token, (Instant) claims.get(JwtClaimNames.IAT), (Instant) claims.get(JwtClaimNames.EXP),
					headers, claims);
		}
		catch (IllegalArgumentException ex) {
			throw new BadJwtException("The token has no claims", ex);
		}
		OAuth2TokenValidatorResult result = this.validator.validate(jwt);
		if (result.hasErrors()) {
			throw new JwtValidationException("The token is not valid: " + result.getErrors().iterator().next(),
					result.getErrors());
		}
		return jwt;
	}

	private static void checkHeader(Map<String, Object> headers) {
		if (!"HS256".equals(headers.get("alg"))) {
			throw new BadJwtException("Only HS256 tokens are accepted");
		}
		Object type = headers.get("typ");
		if (type != null && !"JWT".equalsIgnoreCase(String.valueOf(type))) {
			throw new BadJwtException("The token type is not JWT");
		}
		if (headers.containsKey("crit")) {
			throw new BadJwtException("Critical header parameters are not understood");
		}
	}

	/**
	 * The claims, with the dates as instants; refused where a claim has the wrong type.
	 */
	private static Map<String, Object> claims(Map<String, Object> claims) {
		for (String date : DATE_CLAIMS) {
			Object value = claims.get(date);
			if (value == null) {
				continue;
			}
			if (!(value instanceof Number seconds) || !Double.isFinite(seconds.doubleValue())) {
				throw new BadJwtException("The claim " + date + " is not a number of seconds");
			}
			claims.put(date, instant(seconds));
		}
		for (String text : TEXT_CLAIMS) {
			Object value = claims.get(text);
			if (value != null && !(value instanceof String)) {
				throw new BadJwtException("The claim " + text + " is not a string");
			}
		}
		Object audience = claims.get(JwtClaimNames.AUD);
		if (audience instanceof String single) {
			claims.put(JwtClaimNames.AUD, List.of(single));
		}
		else if (audience != null
				&& !(audience instanceof List<?> many && many.stream().allMatch(String.class::isInstance))) {
			throw new BadJwtException("The claim aud is not a string or strings");
		}
		return claims;
	}

	private static Instant instant(Number seconds) {
		try {
			return (seconds instanceof Double || seconds instanceof Float)
					? Instant.ofEpochMilli((long) (seconds.doubleValue() * 1000))
					: Instant.ofEpochSecond(seconds.longValue());
		}
		catch (ArithmeticException | DateTimeException ex) {
			throw new BadJwtException("A date claim is out of range", ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(String part, String what) {
		Object parsed;
		try {
			parsed = JSON.readValue(decode64(part, what), Object.class);
		}
		catch (JacksonException ex) {
			throw new BadJwtException("The token's " + what + " is not JSON", ex);
		}
		if (!(parsed instanceof Map<?, ?> map) || map.isEmpty()) {
			throw new BadJwtException("The token's " + what + " is not a JSON object");
		}
		return (Map<String, Object>) map;
	}

	private static byte[] decode64(String part, String what) {
		try {
			return BASE64URL.decode(part);
		}
		catch (IllegalArgumentException ex) {
			throw new BadJwtException("The token's " + what + " is not base64url", ex);
		}
	}

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "HS256 with the shared secret";
	}

}
