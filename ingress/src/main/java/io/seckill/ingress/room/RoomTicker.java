package io.seckill.ingress.room;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.resilience.SustainableRate;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Advances every waiting room's serving counter at its admission rate, one thread per
 * ingress. Every ingress runs one; {@code room-tick.lua} advances by the time elapsed
 * since the stored tick, so two tickers admit no more than one would. Each run's state
 * goes to {@link RoomEvents} (this ingress's long-polls) and {@link RoomMetrics}.
 */
@Component
class RoomTicker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RoomTicker.class);

	private final RoomScripts scripts;

	private final SeckillRedis redis;

	private final RoomEvents events;

	private final RoomMetrics metrics;

	private final SustainableRate sustainable;

	private final WaitingRoomProperties properties;

	private volatile @Nullable ScheduledExecutorService executor;

	RoomTicker(RoomScripts scripts, SeckillRedis redis, RoomEvents events, RoomMetrics metrics,
			SustainableRate sustainable, WaitingRoomProperties properties) {
		this.scripts = scripts;
		this.redis = redis;
		this.events = events;
		this.metrics = metrics;
		this.sustainable = sustainable;
		this.properties = properties;
	}

	/** One round over every waiting room; failures wait for the next round. */
	void tick() {
		Set<String> saleIds;
		try {
			saleIds = this.redis.sync().smembers(RedisKeys.ROOMS);
		}
		catch (RuntimeException ex) {
			logger.debug("Waiting rooms not advanced this round: " + ex.getMessage());
			return;
		}
		double automatic = this.sustainable.perSecond(this.properties.automaticInitialRate());
		for (String saleId : saleIds) {
			try {
				RoomTick tick = this.scripts.tick(saleId, automatic);
				if (tick == null) {
					this.redis.sync().srem(RedisKeys.ROOMS, saleId);
					this.events.end(saleId);
					this.metrics.end(saleId);
				}
				else {
					this.metrics.record(tick);
					this.events.publish(tick);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Waiting room of " + saleId + " not advanced this round: " + ex.getMessage());
			}
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService started = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("room-ticker").daemon().factory());
		long period = this.properties.tick().toMillis();
		started.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.executor;
		if (running != null) {
			running.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
