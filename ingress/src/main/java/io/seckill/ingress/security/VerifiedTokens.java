package io.seckill.ingress.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Bearer tokens that verified, remembered until they expire, for the purchase route: a
 * shopper who presses "buy" again (and the crowd that does after the sale sold out) is
 * not charged a signature check and a JSON parse each time (issue 10). Only tokens that
 * passed every check of {@link JwtVerification} are remembered, each until its
 * {@code exp} plus the allowed clock skew, the same moment the decoder would start
 * refusing it; a verification that fails is never remembered, so a forged token costs its
 * check every time (the per-address limit bounds how often).
 *
 * <p>
 * The cache holds the token text and the shopper, bounded in size
 * ({@code SECKILL_JWT_CACHE_SIZE}); the least used are dropped first.
 */
public final class VerifiedTokens {

	private final JwtDecoder decoder;

	private final Cache<String, VerifiedToken> verified;

	private final @Nullable Scheduler blocking;

	private final Clock clock;

	/**
	 * @param decoder verifies signature and claims
	 * @param cacheSize most tokens remembered
	 * @param clockSkew slack the decoder allows on {@code exp}
	 * @param blocking where to verify when verifying may block (a JWK set download), or
	 * {@code null} when it never does (a shared secret)
	 * @param clock the clock
	 */
	VerifiedTokens(JwtDecoder decoder, int cacheSize, Duration clockSkew, @Nullable Executor blocking, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
		this.blocking = (blocking != null) ? Schedulers.fromExecutor(blocking) : null;
		this.verified = Caffeine.newBuilder()
			.maximumSize(cacheSize)
			.expireAfter(Expiry.<String, VerifiedToken>creating(
					(token, shopper) -> Duration.between(clock.instant(), shopper.expiresAt().plus(clockSkew))))
			.build();
	}

	/**
	 * A token verified before and not expired since, without any work.
	 * @param token the bearer token
	 * @return the shopper, or {@code null} if it has to be verified
	 */
	public @Nullable VerifiedToken remembered(String token) {
		return this.verified.getIfPresent(token);
	}

	/**
	 * Verifies a token, or remembers it did.
	 * @param token the bearer token
	 * @return the shopper, or empty if the token does not verify
	 */
	public Mono<VerifiedToken> verify(String token) {
		VerifiedToken remembered = remembered(token);
		if (remembered != null) {
			return Mono.just(remembered);
		}
		if (this.blocking == null) {
			return Mono.justOrEmpty(decode(token));
		}
		return Mono.fromCallable(() -> decode(token)).subscribeOn(this.blocking);
	}

	private @Nullable VerifiedToken decode(String token) {
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtException ex) {
			return null;
		}
		Instant expiresAt = jwt.getExpiresAt();
		String subject = jwt.getSubject();
		if (expiresAt == null || subject == null) {
			return null;
		}
		VerifiedToken shopper = new VerifiedToken(subject, expiresAt);
		this.verified.put(token, shopper);
		return shopper;
	}

	/**
	 * Who a verified token speaks for.
	 *
	 * @param subject the shopper ({@code sub})
	 * @param expiresAt its {@code exp}
	 */
	public record VerifiedToken(String subject, Instant expiresAt) {
	}

}
