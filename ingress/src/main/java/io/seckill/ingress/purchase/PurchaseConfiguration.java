package io.seckill.ingress.purchase;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.metrics.PurchaseLatency;
import io.seckill.ingress.ratelimit.AddressRateLimit;
import io.seckill.ingress.redis.AcceptedLedger;
import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.resilience.RedisGuard;
import io.seckill.ingress.security.VerifiedTokens;
import io.seckill.ingress.web.PollRoutes;
import io.seckill.ingress.web.PublicPort;
import io.seckill.ingress.web.RequestProperties;
import io.seckill.ingress.web.Waits;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The purchase path: the route on Reactor Netty, the service behind it and the in-memory
 * sold-out flags; the purchase poll's route.
 */
@Configuration(proxyBeanMethods = false)
class PurchaseConfiguration {

	private static final String PURCHASES = "/api/purchases/";

	@Bean
	SoldOutFlags soldOutFlags(SoldOutProperties properties, SeckillRedis redis, RedisGuard redisGuard) {
		return new SoldOutFlags(properties.ttl().toNanos(), System::nanoTime,
				(saleId, key) -> acceptedKey(redis, redisGuard, saleId, key));
	}

	/**
	 * Whether the sale's set of accepted Idempotency-Keys holds this one; {@code true}
	 * when Redis cannot say, so the attempt takes the ordinary path and its answer.
	 */
	private static CompletionStage<Boolean> acceptedKey(SeckillRedis redis, RedisGuard redisGuard, String saleId,
			String key) {
		return redisGuard
			.readAsync(() -> redis.async().sismember(RedisKeys.acceptedKeys(saleId), key).toCompletableFuture())
			.handle((member, failure) -> failure != null || !Boolean.FALSE.equals(member));
	}

	@Bean
	PurchaseService purchaseService(PurchaseScript script, PurchaseQuery query, RedisGuard redisGuard,
			MeterRegistry meters, ReplicaBarrier replicas, AcceptedLedger ledger, SoldOutFlags soldOut,
			@Qualifier("applicationTaskExecutor") Executor blocking) {
		return new PurchaseService(script, query, redisGuard, meters, replicas, ledger, soldOut, blocking);
	}

	@Bean
	PurchasePolls purchasePolls(PurchaseQuery query, @Qualifier("applicationTaskExecutor") Executor blocking) {
		return new PurchasePolls(query, blocking);
	}

	/**
	 * {@code GET /api/purchases/{purchaseId}} on Reactor Netty: a waiting purchase poll
	 * holds its connection and its timer, not a WebFlux exchange.
	 * @param routes the long-poll routes
	 * @param polls the polls
	 * @return the route
	 */
	@Bean
	NettyRouteProvider purchasePollRoute(PollRoutes routes, PurchasePolls polls) {
		return routes.route("purchase", PurchaseConfiguration::purchaseAddress,
				(ids, wait, subject) -> polls.poll(ids.get(0), Waits.parse(wait, PurchasePolls.MAX_WAIT), subject));
	}

	/**
	 * The purchase id of a poll address whose id is well formed; anything else is left to
	 * WebFlux, which answers it as before.
	 */
	private static @Nullable List<String> purchaseAddress(String path) {
		if (!path.startsWith(PURCHASES)) {
			return null;
		}
		String purchaseId = path.substring(PURCHASES.length());
		return PurchaseQuery.isWellFormed(purchaseId) ? List.of(purchaseId) : null;
	}

	@Bean
	NettyRouteProvider purchaseRoute(PurchaseService purchases, VerifiedTokens tokens, AddressRateLimit addressLimit,
			PurchaseLatency latency, JsonMapper json, PublicPort port, RequestProperties request) {
		return new PurchaseRoute(purchases, tokens, addressLimit, latency, json, port, request.maxBodySize().toBytes());
	}

}
