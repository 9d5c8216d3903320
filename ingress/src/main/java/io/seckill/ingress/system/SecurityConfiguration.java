package io.seckill.ingress.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Identity from a bearer JWT (verified as {@link JwtVerification} describes): {@code sub}
 * is the shopper, scope {@code admin} opens the admin calls. Stateless; refusals are
 * JSON. Tokens are read from the {@code Authorization} header only, never from the URL,
 * where they would end up in access logs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper jsonMapper) throws Exception {
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> {
			// RFC 6750: a 401 names the scheme; the reason stays in the log, not the
			// answer.
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			write(response, jsonMapper, HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.");
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> write(response, jsonMapper, HttpStatus.FORBIDDEN,
				"forbidden", "This call needs the admin scope.");
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/**", "/error")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/api/sales/*")
				.permitAll()
				// The dashboard page and its scripts hold no data; the page asks for it
				// with an admin token (/api/admin/dashboard).
				.requestMatchers(HttpMethod.GET, "/dashboard", "/dashboard/", "/dashboard/*")
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
		return JwtVerification.decoder(properties.jwt());
	}

	private static void write(HttpServletResponse response, JsonMapper jsonMapper, HttpStatus status, String code,
			String message) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		jsonMapper.writeValue(response.getOutputStream(), new ApiError(code, message));
	}

}
