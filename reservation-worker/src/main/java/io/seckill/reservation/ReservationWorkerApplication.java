package io.seckill.reservation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Starts the reservation-worker. Its wiring lives in
 * {@link ReservationWorkerConfiguration} so test slices, which start from this class, do
 * not connect to Redis or RabbitMQ.
 */
@SpringBootApplication
public class ReservationWorkerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReservationWorkerApplication.class, args);
	}

}
