package io.seckill.ingress.room;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Each waiting room's state as this ingress's ticker last saw it, to the long-polls that
 * wait on it: one multicast sink per sale, so a waiting client costs a subscriber, not a
 * thread, and the ticker's one Redis call per sale serves every poll of that sale. A
 * sold-out reaches every waiting poll of every ingress within one tick.
 */
@Component
class RoomEvents {

	private final Map<String, Sinks.Many<RoomTick>> sinks = new ConcurrentHashMap<>();

	private final Map<String, RoomTick> latest = new ConcurrentHashMap<>();

	/**
	 * The room's states from now on.
	 * @param saleId the sale
	 * @return its ticks (none if the sale has no waiting room or ended)
	 */
	Flux<RoomTick> of(String saleId) {
		return sink(saleId).asFlux();
	}

	/** Called by the one ticker thread only: a sink takes one emitter at a time. */
	void publish(RoomTick tick) {
		this.latest.put(tick.saleId(), tick);
		sink(tick.saleId()).tryEmitNext(tick);
	}

	/**
	 * The room's last state this ingress's ticker saw.
	 * @param saleId the sale
	 * @return its last tick, or {@code null} if none yet
	 */
	@Nullable RoomTick latest(String saleId) {
		return this.latest.get(saleId);
	}

	/** The sale's room is over: its polls answer now. */
	void end(String saleId) {
		this.latest.remove(saleId);
		Sinks.Many<RoomTick> sink = this.sinks.remove(saleId);
		if (sink != null) {
			sink.tryEmitComplete();
		}
	}

	/**
	 * Long-polls of this ingress waiting on a sale's room now.
	 * @param saleId the sale
	 * @return waiting polls
	 */
	int waiting(String saleId) {
		Sinks.Many<RoomTick> sink = this.sinks.get(saleId);
		return (sink != null) ? sink.currentSubscriberCount() : 0;
	}

	private Sinks.Many<RoomTick> sink(String saleId) {
		return this.sinks.computeIfAbsent(saleId, (id) -> Sinks.many().multicast().directBestEffort());
	}

}
