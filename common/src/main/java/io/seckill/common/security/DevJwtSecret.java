package io.seckill.common.security;

/**
 * The HS256 secret {@code ./seckill} gives the ingress and the load generator when
 * {@code SECKILL_JWT_SECRET} is not set. It is in the repository, so anyone can mint
 * tokens with it: the ingress refuses it unless told it is development use
 * ({@code SECKILL_JWT_ALLOW_DEV_SECRET}), and {@code ./seckill} reads it from here
 * through {@code loadgen dev-secret}.
 */
public final class DevJwtSecret {

	/** The secret. */
	public static final String VALUE = "seckill-dev-only-secret-change-me-in-production!!";

	private DevJwtSecret() {
	}

}
