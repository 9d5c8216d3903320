package io.seckill.ingress.system;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Identity from a bearer JWT signed with the shared HS256 secret: {@code sub} is the
 * shopper, scope {@code admin} opens the admin calls. Stateless; refusals are JSON.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	/** Longest accepted user id; it becomes part of Redis keys. */
	static final int MAX_SUBJECT_LENGTH = 128;

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper jsonMapper) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> write(response, jsonMapper,
				HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.");
		AccessDeniedHandler forbidden = (request, response, ex) -> write(response, jsonMapper, HttpStatus.FORBIDDEN,
				"forbidden", "This call needs the admin scope.");
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/**", "/error")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/sales/*")
				.permitAll()
				.requestMatchers("/api/admin/**")
				.hasAuthority("SCOPE_admin")
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> {
			}).authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
		return http.build();
	}

	@Bean
	JwtDecoder jwtDecoder(SecurityProperties properties) {
		if (properties.usesDevSecret()) {
			logger.warn("SECKILL_JWT_SECRET is not set: using the public development secret. "
					+ "Anyone can mint tokens for this instance; set a secret before real traffic.");
		}
		SecretKeySpec key = new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
		OAuth2TokenValidator<Jwt> subject = SecurityConfiguration::validSubject;
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(properties.clockSkew()), subject));
		return decoder;
	}

	private static OAuth2TokenValidatorResult validSubject(Jwt jwt) {
		String subject = jwt.getSubject();
		if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
				|| !subject.chars().allMatch(SecurityConfiguration::isSubjectChar)) {
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

	private static void write(jakarta.servlet.http.HttpServletResponse response, JsonMapper jsonMapper,
			HttpStatus status, String code, String message) throws java.io.IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		jsonMapper.writeValue(response.getOutputStream(), new ApiError(code, message));
	}

}
