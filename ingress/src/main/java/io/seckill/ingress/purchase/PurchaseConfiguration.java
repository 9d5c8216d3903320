package io.seckill.ingress.purchase;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.metrics.PurchaseLatency;
import io.seckill.ingress.ratelimit.AddressRateLimit;
import io.seckill.ingress.redis.AcceptedLedger;
import io.seckill.ingress.redis.ReplicaBarrier;
import io.seckill.ingress.resilience.RedisGuard;
import io.seckill.ingress.security.VerifiedTokens;
import io.seckill.ingress.web.PublicPort;
import io.seckill.ingress.web.RequestProperties;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The purchase path: the route on Reactor Netty, the service behind it and the in-memory
 * sold-out flags.
 */
@Configuration(proxyBeanMethods = false)
class PurchaseConfiguration {

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
	NettyRouteProvider purchaseRoute(PurchaseService purchases, VerifiedTokens tokens, AddressRateLimit addressLimit,
			PurchaseLatency latency, JsonMapper json, PublicPort port, RequestProperties request) {
		return new PurchaseRoute(purchases, tokens, addressLimit, latency, json, port, request.maxBodySize().toBytes());
	}

}
