package io.seckill.ingress.system;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The first lines of defence, in front of Spring Security: the per-address rate limit,
 * then the body size limit; and Tomcat's error report in the documented JSON shape.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AddressRateLimitProperties.class, RequestProperties.class })
class HttpEdgeConfiguration {

	/** Before authentication, so floods of forged tokens are limited too. */
	static final int RATE_LIMIT_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 20;

	static final int BODY_LIMIT_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10;

	@Bean
	FilterRegistrationBean<AddressRateLimitFilter> addressRateLimitFilter(AddressRateLimitProperties properties,
			JsonMapper jsonMapper) {
		FilterRegistrationBean<AddressRateLimitFilter> registration = new FilterRegistrationBean<>(
				new AddressRateLimitFilter(properties, jsonMapper));
		registration.setOrder(RATE_LIMIT_ORDER);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(RequestProperties properties,
			JsonMapper jsonMapper) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(properties.maxBodySize(), jsonMapper));
		registration.setOrder(BODY_LIMIT_ORDER);
		return registration;
	}

	/**
	 * Replaces Tomcat's HTML error report valve (which Spring Boot also adds) with the
	 * JSON one. Runs after Boot's own customizer so there is something to replace.
	 * @return the customizer
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReport() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			Container host = context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new JsonErrorReportValve());
			if (host instanceof StandardHost standardHost) {
				// Otherwise the host adds its default HTML valve again when it starts.
				standardHost.setErrorReportValveClass(JsonErrorReportValve.class.getName());
			}
		});
	}

}
