package io.seckill.common.redis;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * This process moved its Redis connection to a new master (a Spring application event).
 *
 * @param masterName the master name the sentinels monitor
 * @param from the previous master, {@code null} if there was none
 * @param to the new master
 * @param announcedAt when the change became known: the {@code +switch-master} message, or
 * the sentinel poll that found it
 * @param switchedAt when the shared connection pointed at the new master
 * @param detectedBy {@code +switch-master from <sentinel>}, or {@code sentinel poll}
 */
public record RedisMasterSwitched(String masterName, @Nullable HostAndPort from, HostAndPort to, Instant announcedAt,
		Instant switchedAt, String detectedBy) {

	/**
	 * How long the switch took once it was known.
	 * @return the delay between announcement and switch
	 */
	public Duration took() {
		return Duration.between(this.announcedAt, this.switchedAt);
	}

}
