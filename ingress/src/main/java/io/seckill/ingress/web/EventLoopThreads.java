package io.seckill.ingress.web;

import org.jspecify.annotations.Nullable;

/**
 * How many event-loop threads serve HTTP: {@code SECKILL_IO_THREADS}, or one per core.
 * Reactor Netty's own default is at least four, which on a two-core machine only adds
 * context switches and cross-thread hand-offs (measured in one bench run: 753 µs of
 * ingress CPU per purchase with four, 629 with two, 604 with one). It is read once,
 * before the server starts, from a system property Reactor Netty reads itself; a property
 * given on the command line wins.
 */
public final class EventLoopThreads {

	static final String PROPERTY = "reactor.netty.ioWorkerCount";

	private EventLoopThreads() {
	}

	/**
	 * Sets the count for this process unless it was set already.
	 * @param configured the {@code SECKILL_IO_THREADS} value, or {@code null}
	 * @throws IllegalArgumentException if it is not a positive number
	 */
	public static void configure(@Nullable String configured) {
		if (System.getProperty(PROPERTY) != null) {
			return;
		}
		System.setProperty(PROPERTY, Integer.toString(count(configured, Runtime.getRuntime().availableProcessors())));
	}

	static int count(@Nullable String configured, int cores) {
		if (configured == null || configured.isBlank()) {
			return Math.max(1, cores);
		}
		try {
			int threads = Integer.parseInt(configured.trim());
			if (threads > 0) {
				return threads;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below.
		}
		throw new IllegalArgumentException("SECKILL_IO_THREADS must be a positive number, not '" + configured + "'");
	}

}
