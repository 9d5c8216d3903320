package io.seckill.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health groups and the Prometheus metrics of every service, read as an orchestrator and
 * a scraper read them, with the values checked against the API and the database.
 */
class MetricsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static SeckillSystem system;

	private static Api api;

	@BeforeAll
	static void startSystem() {
		system = SeckillSystem.get();
		api = system.api();
	}

	@Test
	void everyServiceIsReadyOnlyWithWhatItsWorkNeedsAndAliveRegardless() {
		for (ServiceProcess service : List.of(system.ingress(), system.reservationWorker(), system.orderWorker())) {
			HttpResponse<String> readiness = service.management("/actuator/health/readiness");
			assertThat(readiness.statusCode()).as(service.name() + ": " + readiness.body()).isEqualTo(200);
			JsonNode components = JSON.readTree(readiness.body()).get("components");
			// The ingress needs only Redis to take purchases
			// (DependencyOutageIntegrationTests
			// shows it ready through RabbitMQ and MariaDB outages); workers need all
			// three.
			List<String> needed = (service == system.ingress()) ? List.of("redis") : List.of("db", "rabbit", "redis");
			for (String dependency : needed) {
				assertThat(components.at("/" + dependency + "/status").asString())
					.as(service.name() + " readiness " + dependency)
					.isEqualTo("UP");
			}
			JsonNode all = JSON.readTree(service.management("/actuator/health").body()).get("components");
			for (String dependency : List.of("db", "rabbit", "redis")) {
				assertThat(all.at("/" + dependency + "/status").asString()).as(service.name() + " health " + dependency)
					.isEqualTo("UP");
			}
			// The Sentinel-followed connection, not a Spring Data Redis default one.
			assertThat(components.at("/redis/details/master").asString()).matches("[0-9.]+:\\d+");
			HttpResponse<String> liveness = service.get("/actuator/health/liveness");
			assertThat(liveness.statusCode()).isEqualTo(200);
			assertThat(liveness.body()).doesNotContain("\"db\"", "\"rabbit\"", "\"redis\"");
			assertThat(service.management("/actuator/prometheus").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void ingressPublicPortOffersTheLoadBalancerItsHealthChecksWithoutDetailsAndNothingElseOfTheActuator() {
		ServiceProcess ingress = system.ingress();
		for (String check : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
			HttpResponse<String> answer = ingress.get(check);
			assertThat(answer.statusCode()).as(check + ": " + answer.body()).isEqualTo(200);
			assertThat(JSON.readTree(answer.body()).propertyNames()).as(check + ": " + answer.body())
				.containsExactly("status");
		}
		for (String endpoint : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info",
				"/actuator/health/db", "/actuator")) {
			HttpResponse<String> answer = ingress.get(endpoint);
			assertThat(answer.statusCode()).as(endpoint + ": " + answer.body()).isEqualTo(404);
			assertThat(answer.body()).doesNotContain("seckill_", "127.0.0.1");
		}
		assertThat(ingress.management("/actuator/prometheus").body()).contains("seckill_purchase_latency_seconds");
	}

	@Test
	void ingressIsAliveButNotReadyWhileRabbitMqAndRedisAreUnreachable() {
		ServiceProcess ingress = ServiceProcess.startLive("ingress", "ingress-cut-off",
				Map.of("SECKILL_RABBITMQ_PORT", Integer.toString(deadPort()), "SECKILL_REDIS_SENTINELS",
						"127.0.0.1:" + deadPort(), "SECKILL_RELAY_ENABLED", "false"));
		try {
			assertThat(ingress.get("/actuator/health/readiness").statusCode()).as("public readiness").isEqualTo(503);
			HttpResponse<String> readiness = ingress.management("/actuator/health/readiness");
			assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
			JsonNode health = JSON.readTree(readiness.body());
			assertThat(health.get("status").asString()).isEqualTo("DOWN");
			assertThat(health.at("/components/redis/status").asString()).isEqualTo("DOWN");
			JsonNode all = JSON.readTree(ingress.management("/actuator/health").body());
			assertThat(all.at("/components/rabbit/status").asString()).isEqualTo("DOWN");
			assertThat(all.at("/components/redis/status").asString()).isEqualTo("DOWN");
			assertThat(all.at("/components/db/status").asString()).isEqualTo("UP");
			assertThat(ingress.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
		finally {
			ingress.stop();
		}
	}

	@Test
	void metricsCarryTheSaleTheQueuesAndTheOutcomesOfARealSale() {
		String saleId = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.createSale(saleId, 20, 1).status()).isEqualTo(201);
		List<Crowd.Accepted> accepted = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Api.Answer answer = api.purchase(saleId, "metrics-shopper-" + i, 1);
			assertThat(answer.status()).as(answer.body()).isEqualTo(202);
			accepted.add(new Crowd.Accepted(answer.text("purchaseId"), "metrics-shopper-" + i));
		}
		assertThat(api.purchase(saleId, "metrics-shopper-0", 1).status()).as("second purchase, limit 1").isEqualTo(409);
		Crowd.awaitDecided(api, accepted, Duration.ofSeconds(60));
		long remaining = api.sale(saleId).json().get("remaining").asLong();
		assertThat(remaining).isEqualTo(15);

		await("ingress gauges sampled").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			String scrape = system.ingress().metrics();
			assertThat(Prometheus.value(scrape, "seckill_sale_stock_remaining", "sale=" + saleId)).hasValue(remaining);
			assertThat(Prometheus.value(scrape, "seckill_sale_items", "sale=" + saleId, "state=sold")).hasValue(5);
			assertThat(Prometheus.value(scrape, "seckill_orders", "status=AWAITING_PAYMENT").orElse(0))
				.isGreaterThanOrEqualTo(5);
		});
		String ingress = system.ingress().metrics();
		assertThat(Prometheus.value(ingress, "seckill_purchases_total", "outcome=accepted").orElse(0))
			.isGreaterThanOrEqualTo(5);
		assertThat(Prometheus.value(ingress, "seckill_purchase_answers_total", "status=409").orElse(0))
			.isGreaterThanOrEqualTo(1);
		assertThat(Prometheus.value(ingress, "seckill_purchase_latency_seconds_count").orElse(0))
			.isGreaterThanOrEqualTo(6);
		assertThat(Prometheus.value(ingress, "seckill_purchase_latency_seconds_bucket", "le=+Inf").orElse(0))
			.isGreaterThanOrEqualTo(6);
		for (String queue : List.of("seckill.reservations", "seckill.orders")) {
			assertThat(Prometheus.value(ingress, "seckill_queue_consumers", "queue=" + queue).orElse(0))
				.as("consumers of " + queue)
				.isGreaterThanOrEqualTo(1);
			assertThat(Prometheus.value(ingress, "seckill_queue_messages_ready", "queue=" + queue + ".dlq"))
				.as("depth of the dead-letter queue of " + queue)
				.isPresent();
		}
		assertThat(Prometheus.value(ingress, "seckill_outbox_backlog")).isPresent();
		assertThat(Prometheus.value(ingress, "resilience4j_circuitbreaker_state", "name=redis", "state=closed"))
			.hasValue(1);
		assertThat(Prometheus.value(ingress, "seckill_redis_failovers_total")).isPresent();

		String master = redisMaster(system.ingress());
		for (ServiceProcess service : List.of(system.ingress(), system.reservationWorker(), system.orderWorker())) {
			assertThat(Prometheus.value(service.metrics(), "seckill_redis_master_info", "master=" + master))
				.as(service.name() + " master info")
				.hasValue(1);
		}
		assertThat(Prometheus
			.value(system.reservationWorker().metrics(), "seckill_worker_messages_total", "worker=reservation",
					"outcome=reserved")
			.orElse(0)).isGreaterThanOrEqualTo(5);
		assertThat(Prometheus
			.value(system.orderWorker().metrics(), "seckill_worker_messages_total", "worker=order", "outcome=created")
			.orElse(0)).isGreaterThanOrEqualTo(5);
	}

	private static String redisMaster(ServiceProcess service) {
		return JSON.readTree(service.management("/actuator/health/readiness").body())
			.at("/components/redis/details/master")
			.asString();
	}

	private static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
