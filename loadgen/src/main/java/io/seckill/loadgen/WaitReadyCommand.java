package io.seckill.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.seckill.loadgen.service.Readiness;
import io.seckill.loadgen.service.StartingService;

/**
 * {@code loadgen wait-ready}: how {@code ./seckill up} and {@code scale} wait for the
 * services they started, one after the other, each on its readiness probe. It speaks in
 * the launcher's voice, which runs it. Exit codes: 0 every service is ready, 1 one is
 * not.
 */
final class WaitReadyCommand {

	private static final int SPEC = 4;

	private WaitReadyCommand() {
	}

	static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
		int separator = Arrays.asList(args).indexOf("--");
		if (separator < 0 || (args.length - separator - 1) % SPEC != 0 || args.length - separator == 1) {
			throw new UsageException("wait-ready takes [--timeout SECONDS] -- NAME PORT PIDFILE LOG...");
		}
		Arguments options = Arguments.parse(Arrays.copyOfRange(args, 0, separator), Set.of());
		int timeout = options.integer("timeout", 90, 1, 86_400);
		options.rejectUnknown();
		Readiness readiness = new Readiness(Duration.ofSeconds(timeout), Duration.ofSeconds(1));
		boolean allReady = true;
		for (int i = separator + 1; i < args.length; i += SPEC) {
			List<String> spec = Arrays.asList(args).subList(i, i + SPEC);
			int port = port(spec.get(1));
			try {
				readiness.await(service(spec.get(0), port, Path.of(spec.get(2)), Path.of(spec.get(3))));
				out.println(spec.get(0) + " is ready on :" + port);
			}
			catch (Readiness.NotReadyException ex) {
				err.println("seckill: " + ex.getMessage());
				allReady = false;
			}
		}
		return allReady ? 0 : 1;
	}

	private static StartingService service(String name, int port, Path pidfile, Path log) {
		long pid = pid(pidfile);
		return new StartingService(name,
				() -> pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
				URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), log);
	}

	/** The pid the service wrote; -1, a process that never runs, when there is none. */
	private static long pid(Path pidfile) {
		try {
			return Long.parseLong(Files.readString(pidfile).strip());
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
	}

	private static int port(String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new UsageException("wait-ready: '" + value + "' is not a port");
		}
	}

}
