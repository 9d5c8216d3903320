package io.seckill.ingress.purchase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-memory sold-out flags and the filter that answers from them at the HTTP edge.
 */
@Configuration(proxyBeanMethods = false)
class SoldOutConfiguration {

	/** After the address rate limit and body limit, before authentication. */
	static final int SOLD_OUT_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 5;

	@Bean
	SoldOutFlags soldOutFlags(SoldOutProperties properties) {
		return new SoldOutFlags(properties.ttl().toNanos(), System::nanoTime);
	}

	@Bean
	FilterRegistrationBean<SoldOutFilter> soldOutFilter(SoldOutFlags flags, MeterRegistry meters) {
		// The same counter PurchaseService counts sold-out answers with.
		Counter soldOut = Counter.builder("seckill.purchases")
			.description("Purchase attempts by outcome")
			.tag("outcome", "sold_out")
			.register(meters);
		FilterRegistrationBean<SoldOutFilter> registration = new FilterRegistrationBean<>(
				new SoldOutFilter(flags, soldOut));
		registration.setOrder(SOLD_OUT_ORDER);
		return registration;
	}

}
