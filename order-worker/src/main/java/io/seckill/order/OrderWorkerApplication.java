package io.seckill.order;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the order-worker. Its wiring lives in {@link OrderWorkerConfiguration} so test
 * slices, which start from this class, do not connect to Redis or RabbitMQ.
 */
@SpringBootApplication
public class OrderWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderWorkerApplication.class, args);
	}

}
