package io.seckill.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import io.seckill.common.sale.SaleIds;
import io.seckill.common.security.DevJwtSecret;

/**
 * Command line entry point. {@code token} prints a dev JWT; {@code demo} drives a flash
 * sale through the public HTTP API and reports what happened. Exit codes: 0 success, 1
 * the demo failed or an invariant did not hold, 2 the command line was wrong.
 */
public final class Loadgen {

	static final String USAGE = """
			Usage: loadgen <command> [options]

			  token --user ID [--admin] [--ttl SECONDS] [--secret S]
			      print an HS256 JWT: sub=ID, scope "purchase" (or "admin"), valid 3600 s by default

			  demo [options]
			      create a sale, fire purchase attempts at it, follow every 202 to its decision,
			      and report answers, decisions, oversell, users above the limit and latency
			      --url URL             ingress                            (http://127.0.0.1:8080)
			      --secret S            HS256 secret                       ($SECKILL_JWT_SECRET)
			      --sale-id ID          sale to create                     (demo-<UTC time>)
			      --item TEXT           what is sold                       (Limited edition sneaker)
			      --stock N             items                              (500)
			      --limit N             per-user limit                     (1)
			      --attempts N          purchase attempts                  (20000)
			      --users N             distinct shoppers                  (5000)
			      --concurrency N       requests in flight                 (200)
			      --timeout SECONDS     wait for decisions at most         (120)
			      --request-timeout S   one HTTP call at most              (10)
			      --json FILE           also write the report as JSON
			      --progress MODE       auto, bar, lines or none           (auto)
			      --management-url URL  ingress management port; the report then says what its
			                            circuit breaker and admission control did in the burst
			      --waiting-room        the sale has a waiting room ("automatic" rate): a fifth of
			                            --users take tickets before the opening, the rest after;
			                            each waits with long-polls and buys once admitted; the
			                            report says how fair the order was (Kendall's tau), the
			                            longest wait and every answer by status

			  bench-tokens --users N --out FILE [--prefix P] [--secret S]
			      write N shopper JWTs (sub P1..PN, default prefix bench-user-), one a line

			  open-loop --sale-id ID --tokens FILE --rate N [options]
			      purchases at a fixed arrival rate; latency counted from each request's due
			      time, so queueing shows (no coordinated omission)
			      --url URL             ingress                            (http://127.0.0.1:8080)
			      --seconds N           schedule length                    (10)
			      --connections N       keep-alive connections             (64)
			      --grace SECONDS       wait for late answers at most      (10)
			      --run WORD            makes Idempotency-Keys unique      (the start time)
			      --json FILE           write the figures as JSON
			      --progress MODE       auto, bar, lines or none           (auto)

			  long-polls [options]
			      hold N waiting room ticket long-polls at once (a sale opening later, one ticket
			      per shopper, one connection per poll) and report how many answered within
			      their wait, latency, and the ingress's RSS, threads, heap and CPU
			      --url URL             ingress                            (http://127.0.0.1:8080)
			      --polls N             polls held at once                 (10000)
			      --wait SECONDS        each poll's ?wait=                 (20)
			      --opens-in SECONDS    the sale opens this long after it was created, while the
			                            polls are held (0: not during the run)
			      --pid PID             the ingress process, for its RSS, threads, heap and CPU

			  bench-report --dir DIR
			      turn the raw files of a ./seckill bench run into report.json, index.html and
			      the text report on stdout

			  invariants --sale-id ID --database NAME [--host H] [--port P] [--user U]
			      a sale's data invariants, read with plain SQL: oversell, users above the limit,
			      duplicate purchase ids; exit 1 when one is violated or the sale is not there
			      (MariaDB/MySQL on 127.0.0.1:3306 as root by default; SECKILL_DB_PASSWORD)

			  start --name N --port P [--management-port P] --sentinels S --redis-master M
			        --vhost V --database D --java JAVA [--java-options OPTS] [--nice N] --log FILE
			        (--pidfile FILE | --foreground) -- LAUNCH...
			      start a service process: JAVA OPTS LAUNCH (e.g. -jar <exec jar>), placed on those
			      ports, sentinels, vhost and database; detached in a session of its own with its pid
			      in FILE, or in the foreground until it ends (its exit code is the command's)

			  wait-ready [--timeout SECONDS] -- NAME PORT PIDFILE LOG [NAME PORT PIDFILE LOG]...
			      wait for each service in turn until its readiness probe on PORT answers UP
			      (at most 90 s each by default); a service whose process (pid in PIDFILE) ended,
			      or that is not ready in time, is reported with the last lines of LOG; exit 1 then

			  train [--url URL] [--secret S] [--attempts N] [--concurrency C,C...] [--sale-id ID]
			      the workload of the ingress's AOT training run: for each C (64,1000) a sale of
			      its own, ID-cC (ID aot-training-<UTC time>; a tenth of N in stock, limit 1),
			      N attempts (20000) from N/4 shoppers, C in flight, each accepted purchase's
			      result read once; exit 1 when a sale accepted nothing

			  dev-secret
			      print the dev-only JWT secret ./seckill uses when SECKILL_JWT_SECRET is not set

			  check-sale-id ID
			      exit 0 when ID is a valid sale id; else print why not and exit 1

			The secret defaults to the environment variable SECKILL_JWT_SECRET.
			""";

	private Loadgen() {
	}

	public static void main(String[] args) throws InterruptedException {
		System.exit(run(args, System.getenv(), System.out, System.err));
	}

	static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
			throws InterruptedException {
		if (args.length == 0) {
			err.print(USAGE);
			return 2;
		}
		String[] options = Arrays.copyOfRange(args, 1, args.length);
		try {
			return switch (args[0]) {
				case "token" -> token(Arguments.parse(options, Set.of("admin")), env, out);
				case "demo" -> demo(Arguments.parse(options, Set.of("waiting-room")), env, out, err);
				case "bench-tokens" -> Bench.tokens(Arguments.parse(options, Set.of()), env);
				case "open-loop" -> Bench.openLoop(Arguments.parse(options, Set.of()), out, err);
				case "bench-report" -> Bench.report(Arguments.parse(options, Set.of()), out);
				case "long-polls" -> LongPolls.run(Arguments.parse(options, Set.of()), env, out, err);
				case "invariants" -> InvariantsCommand.run(Arguments.parse(options, Set.of()), env, out);
				case "start" -> StartCommand.run(options, out, err);
				case "wait-ready" -> WaitReadyCommand.run(options, out, err);
				case "dev-secret" -> devSecret(Arguments.parse(options, Set.of()), out);
				case "check-sale-id" -> checkSaleId(options, out);
				case "train" -> Training.run(Arguments.parse(options, Set.of()), env, err);
				case "help", "-h", "--help" -> {
					out.print(USAGE);
					yield 0;
				}
				default -> throw new UsageException("unknown command '" + args[0] + "'");
			};
		}
		catch (UsageException ex) {
			err.println("loadgen: " + ex.getMessage());
			err.println("Run 'loadgen help' for the commands and options.");
			return 2;
		}
		catch (DemoFailure ex) {
			err.println("loadgen: " + ex.getMessage());
			return 1;
		}
	}

	private static int token(Arguments args, Map<String, String> env, PrintStream out) {
		String user = args.required("user");
		boolean admin = args.flag("admin");
		Duration ttl = Duration.ofSeconds(args.integer("ttl", 3600, 1, 366 * 24 * 3600));
		String secret = DemoSettings.secret(args, env);
		args.rejectUnknown();
		out.println(new DevTokens(secret).mint(user, admin, ttl, Instant.now()));
		return 0;
	}

	private static int devSecret(Arguments args, PrintStream out) {
		args.rejectUnknown();
		out.println(DevJwtSecret.VALUE);
		return 0;
	}

	private static int checkSaleId(String[] args, PrintStream out) {
		if (args.length != 1) {
			throw new UsageException("check-sale-id takes one sale id");
		}
		if (SaleIds.isValid(args[0])) {
			return 0;
		}
		out.println("'" + args[0] + "' " + SaleIds.RULE);
		return 1;
	}

	private static int demo(Arguments args, Map<String, String> env, PrintStream out, PrintStream err)
			throws InterruptedException {
		boolean waitingRoom = args.flag("waiting-room");
		DemoSettings settings = DemoSettings.from(args, env, Instant.now());
		if (waitingRoom) {
			return new WaitingRoomDemo(settings, JsonMapper.builder().build(), out, err).run();
		}
		return new Demo(settings, JsonMapper.builder().build(), out, err).run();
	}

}
