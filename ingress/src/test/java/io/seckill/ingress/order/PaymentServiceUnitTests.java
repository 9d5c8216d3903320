package io.seckill.ingress.order;

import java.time.Clock;

import org.junit.jupiter.api.Test;

import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.web.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class PaymentServiceUnitTests {

	private final OrderRepository orders = mock();

	private final PaymentService payments = new PaymentService(this.orders, mock(SeckillRedis.class),
			Clock.systemUTC());

	@Test
	void orderIdsThatAreNotOrderIdsAre404WithoutAQuery() {
		for (String orderId : new String[] { "", "1", "../../etc/passwd", "' OR '1'='1", "x".repeat(5000),
				"3F1C7C0E-1B2A-4C5D-8E9F-0A1B2C3D4E5F", "3f1c7c0e-1b2a-4c5d-8e9f-0a1b2c3d4e5f0" }) {
			assertThatExceptionOfType(ApiException.class).as(orderId)
				.isThrownBy(() -> this.payments.pay(orderId, "alice"))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo("not_found"));
		}
		verifyNoInteractions(this.orders);
	}

}
