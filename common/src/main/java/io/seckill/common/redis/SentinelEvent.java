package io.seckill.common.redis;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One message a sentinel published on its event channels ({@code +sdown},
 * {@code +switch-master}, ...), or a note of what this process did about them.
 *
 * @param at when this process received it
 * @param source the sentinel that published it, or {@code "seckill"} for our own notes
 * @param type the channel, e.g. {@code +switch-master}
 * @param detail the message, e.g. {@code master seckill 127.0.0.1 6380}
 * @param masterName the master the event is about, if it names one ({@code +tilt} does
 * not)
 */
public record SentinelEvent(Instant at, String source, String type, String detail, @Nullable String masterName) {

	/** {@link #source()} of the notes this process adds to the timeline. */
	public static final String SELF = "seckill";

	static SentinelEvent parse(Instant at, String source, String channel, String message) {
		return new SentinelEvent(at, source, channel, message, masterNameIn(channel, message));
	}

	/**
	 * Whether the event is about the given master, or about the sentinel as a whole.
	 * @param name our master name
	 * @return whether it matters to us
	 */
	public boolean concerns(String name) {
		return this.masterName == null || this.masterName.equals(name);
	}

	/**
	 * The new master announced by a {@code +switch-master}: {@code <name> <old-ip>
	 * <old-port> <new-ip> <new-port>}.
	 * @return the new master's address
	 * @throws IllegalArgumentException if this is not a well-formed switch
	 */
	HostAndPort switchedTo() {
		String[] words = this.detail.trim().split("\\s+");
		if (words.length < 5) {
			throw new IllegalArgumentException("Not a +switch-master message: '" + this.detail + "'");
		}
		return new HostAndPort(words[3], Integer.parseInt(words[4]));
	}

	/**
	 * The address of the master the event is about: {@code master <name> <ip> <port>}, or
	 * the part after {@code @} of an instance's details; for {@code +switch-master} the
	 * master that was replaced.
	 * @return the master's address, if the event names one
	 */
	Optional<HostAndPort> masterAddress() {
		String[] words = this.detail.trim().split("\\s+");
		if ("+switch-master".equals(this.type)) {
			return addressAt(words, 1);
		}
		for (int i = 0; i < words.length - 1; i++) {
			if ("@".equals(words[i])) {
				return addressAt(words, i + 2);
			}
		}
		if (words.length >= 2 && "master".equals(words[0])) {
			return addressAt(words, 2);
		}
		return Optional.empty();
	}

	private static Optional<HostAndPort> addressAt(String[] words, int host) {
		if (words.length <= host + 1) {
			return Optional.empty();
		}
		try {
			return Optional.of(new HostAndPort(words[host], Integer.parseInt(words[host + 1])));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	// Instance details read "<type> <name> <ip> <port> @ <master-name> <master-ip>
	// <master-port>", or without the part after @ when the instance is the master.
	private static @Nullable String masterNameIn(String channel, String message) {
		String[] words = message.trim().split("\\s+");
		if ("+switch-master".equals(channel) && words.length > 0) {
			return words[0];
		}
		for (int i = 0; i < words.length - 1; i++) {
			if ("@".equals(words[i])) {
				return words[i + 1];
			}
		}
		if (words.length >= 2 && "master".equals(words[0])) {
			return words[1];
		}
		return null;
	}

}
