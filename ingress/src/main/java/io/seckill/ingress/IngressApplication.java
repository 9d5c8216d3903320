package io.seckill.ingress;

import io.seckill.ingress.web.EventLoopThreads;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The thin HTTP front of Seckill: authenticate, validate, one Redis script, answer.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngressApplication {

	public static void main(String[] args) {
		EventLoopThreads.configure(System.getenv("SECKILL_IO_THREADS"));
		SpringApplication.run(IngressApplication.class, args);
	}

}
