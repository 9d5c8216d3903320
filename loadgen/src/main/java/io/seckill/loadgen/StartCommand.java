package io.seckill.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.seckill.loadgen.service.ServiceLaunch;

/**
 * {@code loadgen start}: how {@code ./seckill} starts a service process. Detached (the
 * default), it runs in a session of its own, so that it outlives the launcher and ignores
 * its terminal's Ctrl-C, with its pid in a pidfile and the previous log kept as
 * {@code <log>.1}. With {@code --foreground} (the ingress's AOT training start) it runs
 * to its end, its output added to the log, and its exit code is the command's.
 */
final class StartCommand {

	private StartCommand() {
	}

	static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
		int separator = Arrays.asList(args).indexOf("--");
		if (separator < 0 || separator == args.length - 1) {
			throw new UsageException("start takes its options, then -- and what the JVM runs (e.g. -jar <exec jar>)");
		}
		Arguments options = Arguments.parse(Arrays.copyOfRange(args, 0, separator), Set.of("foreground"));
		List<String> launch = List.of(Arrays.copyOfRange(args, separator + 1, args.length));
		String name = options.required("name");
		int port = options.integer("port", 0, 1, 65535);
		int managementPort = options.integer("management-port", port, 1, 65535);
		ServiceLaunch.Placement placement = new ServiceLaunch.Placement(options.required("sentinels"),
				options.required("redis-master"), options.required("vhost"), options.required("database"));
		String java = options.required("java");
		String javaOptions = options.string("java-options", "");
		int nice = options.integer("nice", 0, 0, 19);
		Path log = Path.of(options.required("log"));
		boolean foreground = options.flag("foreground");
		@Nullable String pidfile = foreground ? null : options.required("pidfile");
		options.rejectUnknown();
		ServiceLaunch service = new ServiceLaunch(name, command(foreground, nice, java, javaOptions, launch),
				ServiceLaunch.environment(placement, port, managementPort), log);
		try {
			if (pidfile == null) {
				return service.start(true).waitFor();
			}
			Process process = detached(service, Path.of(pidfile));
			out.println("started " + name + " (pid " + process.pid() + ", port " + port + ", log " + shown(log) + ")");
			return 0;
		}
		catch (IOException ex) {
			err.println("seckill: could not start " + name + ": " + ex.getMessage());
			return 1;
		}
	}

	private static List<String> command(boolean foreground, int nice, String java, String javaOptions,
			List<String> launch) {
		List<String> command = new ArrayList<>();
		if (!foreground) {
			command.add("setsid");
		}
		if (nice > 0) {
			command.addAll(List.of("nice", "-n", Integer.toString(nice)));
		}
		command.add(java);
		// Split on blanks, as the shell splits SECKILL_JAVA_OPTS.
		if (!javaOptions.isBlank()) {
			command.addAll(List.of(javaOptions.strip().split("\\s+")));
		}
		command.addAll(launch);
		return command;
	}

	/**
	 * The service's own session: setsid execs the JVM in place (a child of this JVM never
	 * leads a process group, so it need not fork), and the pid written is the JVM's.
	 */
	private static Process detached(ServiceLaunch service, Path pidfile) throws IOException {
		if (Files.exists(service.log())) {
			Path previous = service.log().resolveSibling(service.log().getFileName() + ".1");
			Files.move(service.log(), previous, StandardCopyOption.REPLACE_EXISTING);
		}
		Process process = service.start(false);
		Files.createDirectories(pidfile.toAbsolutePath().getParent());
		Files.writeString(pidfile, process.pid() + "\n");
		return process;
	}

	/** The log as the launcher names files: relative to where it runs, the checkout. */
	private static String shown(Path log) {
		Path here = Path.of("").toAbsolutePath();
		Path file = log.toAbsolutePath();
		return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
	}

}
