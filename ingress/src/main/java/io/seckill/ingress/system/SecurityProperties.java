package io.seckill.ingress.system;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens are checked.
 *
 * @param jwtSecret shared HS256 secret ({@code SECKILL_JWT_SECRET}), at least 32 bytes
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 */
@Validated
@ConfigurationProperties("seckill.security")
record SecurityProperties(
		@NotBlank @Size(min = 32,
				message = "must be at least 32 characters (HS256 needs a 256-bit key)") String jwtSecret,
		@DefaultValue("30s") Duration clockSkew) {

	static final String DEV_SECRET = "seckill-dev-only-secret-change-me-in-production!!";

	boolean usesDevSecret() {
		return DEV_SECRET.equals(this.jwtSecret);
	}

}
