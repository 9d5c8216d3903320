package io.seckill.ingress.web;

import java.util.Set;
import java.util.concurrent.Executor;

import io.netty.channel.ChannelPipeline;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;

/**
 * The HTTP server around the API: limits and deadlines on what a request may carry, the
 * documented JSON for every refusal made below the controllers, and the load balancer's
 * health checks on the public port.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestProperties.class)
class HttpServerConfiguration {

	private static final Set<HttpMethod> STANDARD_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
			HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

	/** After the address rate limit, before Spring Security (-100). */
	static final int BODY_LIMIT_ORDER = -200;

	@Bean
	PublicPort publicPort() {
		return new PublicPort();
	}

	@Bean
	NettyRouteProvider publicHealthRoute(PublicPort port, ApplicationAvailability availability,
			ObjectProvider<HealthEndpoint> health, @Qualifier("applicationTaskExecutor") Executor blocking) {
		return new PublicHealthRoute(port, availability, health, blocking);
	}

	@Bean
	NettyServerCustomizer requestLimits(RequestProperties properties) {
		return (http) -> http.doOnChannelInit((observer, channel, remote) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) == null) {
				return;
			}
			RequestDeadline deadline = new RequestDeadline(properties.headerTimeout(), properties.bodyTimeout());
			pipeline.addBefore(NettyPipeline.HttpCodec, "seckill.headerDeadline", deadline.bytes());
			pipeline.addAfter(NettyPipeline.HttpCodec, "seckill.malformedRequests", new MalformedRequests());
			pipeline.addAfter(NettyPipeline.HttpCodec, "seckill.headersArrived", deadline.requests());
		});
	}

	@Bean
	@Order(-2)
	WebExceptionHandler jsonErrorHandler() {
		return new JsonErrorHandler();
	}

	/**
	 * Spring Security's firewall refuses odd paths (encoded slashes, {@code ..},
	 * {@code ;}, NUL) before anything else; in the documented shape.
	 * @return the handler
	 */
	@Bean
	ServerExchangeRejectedHandler jsonExchangeRejectedHandler() {
		return (exchange, ex) -> Mono.defer(() -> {
			// The firewall refuses methods like TRACE too: those are 405, as they were.
			HttpStatus status = STANDARD_METHODS.contains(exchange.getRequest().getMethod()) ? HttpStatus.BAD_REQUEST
					: HttpStatus.METHOD_NOT_ALLOWED;
			byte[] body = HttpErrors.forStatus(status.value()).toJson();
			exchange.getResponse().setStatusCode(status);
			exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(body)));
		});
	}

	@Bean
	@Order(BODY_LIMIT_ORDER)
	WebFilter bodyLimitWebFilter(RequestProperties properties) {
		return new BodyLimitWebFilter(properties.maxBodySize().toBytes());
	}

}
