package io.seckill.loadgen;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A status line on stderr while a phase runs: redrawn in place about five times a second
 * on a terminal, or printed as a plain line every few seconds into a log.
 */
final class Progress implements AutoCloseable {

	private static final String CLEAR_TO_END_OF_LINE = "\033[K";

	private final Mode mode;

	private final PrintStream out;

	private final Supplier<String> status;

	private final Thread ticker;

	private Progress(Mode mode, PrintStream out, Supplier<String> status) {
		this.mode = mode;
		this.out = out;
		this.status = status;
		this.ticker = Thread.ofVirtual().name("progress").unstarted(this::tick);
	}

	static Progress start(Mode mode, PrintStream out, Supplier<String> status) {
		Progress progress = new Progress(mode, out, status);
		if (mode != Mode.NONE) {
			progress.ticker.start();
		}
		return progress;
	}

	private void tick() {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.sleep(this.mode.interval);
				print();
			}
		}
		catch (InterruptedException ex) {
			// close() ends the ticker; the final line follows there
		}
	}

	private void print() {
		if (this.mode == Mode.BAR) {
			this.out.print("\r" + this.status.get() + CLEAR_TO_END_OF_LINE);
		}
		else {
			this.out.println(this.status.get());
		}
		this.out.flush();
	}

	@Override
	public void close() {
		if (this.mode == Mode.NONE) {
			return;
		}
		this.ticker.interrupt();
		try {
			this.ticker.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		print();
		if (this.mode == Mode.BAR) {
			this.out.println();
		}
	}

	/**
	 * A bar such as {@code [#######.............]}.
	 * @param fraction done, from 0 to 1 (clamped)
	 * @param width characters between the brackets
	 * @return the bar
	 */
	static String bar(double fraction, int width) {
		int filled = (int) Math.round(Math.clamp(fraction, 0.0, 1.0) * width);
		return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
	}

	static String percent(long done, long total) {
		return String.format(Locale.ROOT, "%3d%%", (total != 0) ? done * 100 / total : 100);
	}

	/**
	 * How progress is shown.
	 */
	enum Mode {

		/** Redrawn in place, for a terminal. */
		BAR(Duration.ofMillis(200)),

		/** One line every few seconds, for logs and CI. */
		LINES(Duration.ofSeconds(2)),

		/** Nothing. */
		NONE(Duration.ZERO);

		private final Duration interval;

		Mode(Duration interval) {
			this.interval = interval;
		}

		/**
		 * The mode named on the command line.
		 * @param name {@code auto}, {@code bar}, {@code lines} or {@code none}
		 * @return the mode; {@code auto} is a bar on a terminal, lines otherwise
		 */
		static Mode named(String name) {
			return switch (name) {
				case "auto" -> onTerminal() ? BAR : LINES;
				case "bar" -> BAR;
				case "lines" -> LINES;
				case "none" -> NONE;
				default -> throw new UsageException("--progress is auto, bar, lines or none, not '" + name + "'");
			};
		}

		// Before Java 22 a console exists only on a terminal; from 22 on,
		// Console.isTerminal() says.
		private static boolean onTerminal() {
			Console console = System.console();
			if (console == null) {
				return false;
			}
			try {
				Method isTerminal = Console.class.getMethod("isTerminal");
				return (boolean) isTerminal.invoke(console);
			}
			catch (ReflectiveOperationException ex) {
				return true;
			}
		}

	}

}
