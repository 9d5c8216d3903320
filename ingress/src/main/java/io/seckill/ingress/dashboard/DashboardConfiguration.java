package io.seckill.ingress.dashboard;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The dashboard's in-memory history.
 */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration {

	@Bean
	DashboardHistory dashboardHistory() {
		return new DashboardHistory();
	}

}
