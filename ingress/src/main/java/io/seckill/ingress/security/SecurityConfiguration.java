package io.seckill.ingress.security;

import java.time.Clock;
import java.util.concurrent.Executor;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.seckill.ingress.web.ApiError;
import io.seckill.ingress.web.HttpErrors;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Identity from a bearer JWT (verified as {@link JwtVerification} describes): {@code sub}
 * is the shopper, scope {@code admin} opens the admin calls. Stateless; refusals are
 * JSON. Tokens are read from the {@code Authorization} header only, never from the URL,
 * where they would end up in access logs. The purchase route verifies with the same
 * decoder through {@link VerifiedTokens}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
			// RFC 6750: a 401 names the scheme; the reason stays out of the answer.
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			return write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, HttpErrors.forStatus(401).toJson());
		};
		byte[] forbiddenBody = new ApiError("forbidden", "This call needs the admin scope.").toJson();
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> write(exchange.getResponse(), HttpStatus.FORBIDDEN,
				forbiddenBody);
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// The actuator is served on the management port alone, private by default;
			// the public port answers no /actuator path but the load balancer's health
			// checks, which never reach this chain.
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/error", "/actuator/**")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/sales/*")
				.permitAll()
				// The dashboard page and its scripts hold no data; the page asks for it
				// with an admin token (/api/admin/dashboard).
				.pathMatchers(HttpMethod.GET, "/dashboard", "/dashboard/", "/dashboard/*")
				.permitAll()
				.pathMatchers("/api/admin/**")
				.hasAuthority("SCOPE_admin")
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> jwt.jwtDecoder(jwtDecoder))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.build();
	}

	@Bean
	JwtDecoder jwtDecoder(SecurityProperties properties) {
		return JwtVerification.decoder(properties.jwt());
	}

	/**
	 * The same decoder for Spring Security's chain; a JWK set download blocks, so with
	 * one the check runs off the event loop.
	 * @param decoder the decoder
	 * @param properties the token settings
	 * @param blocking where blocking work runs
	 * @return the reactive decoder
	 */
	@Bean
	ReactiveJwtDecoder reactiveJwtDecoder(JwtDecoder decoder, SecurityProperties properties,
			@Qualifier("applicationTaskExecutor") Executor blocking) {
		boolean mayBlock = properties.jwt().usesJwkSet();
		return (token) -> {
			Mono<Jwt> decoded = Mono.fromCallable(() -> decode(decoder, token));
			return mayBlock ? decoded.subscribeOn(Schedulers.fromExecutor(blocking)) : decoded;
		};
	}

	@Bean
	VerifiedTokens verifiedTokens(JwtDecoder decoder, SecurityProperties properties,
			@Qualifier("applicationTaskExecutor") Executor blocking, Clock clock) {
		return new VerifiedTokens(decoder, properties.jwt().cacheSize(), properties.jwt().clockSkew(),
				properties.jwt().usesJwkSet() ? blocking : null, clock);
	}

	private static Jwt decode(JwtDecoder decoder, String token) {
		try {
			return decoder.decode(token);
		}
		catch (JwtException ex) {
			// What the resource server's entry point expects of a refused token.
			throw new InvalidBearerTokenException(ex.getMessage(), ex);
		}
	}

	private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, byte[] body) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

}
