package io.seckill.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.loadgen.SeckillApi.NewRoomSale;
import io.seckill.loadgen.SeckillApi.Room;

/**
 * {@code long-polls} (issue 11): holds N concurrent waiting room ticket long-polls
 * ({@code GET /api/sales/{id}/queue/{ticket}?wait=}) on one ingress and reports how many
 * answered within their wait, their latency, and the ingress process's resident memory,
 * threads, heap and CPU before, while and after they are held.
 *
 * <p>
 * A sale with a waiting room opening later is created, N shoppers take a ticket each
 * (early arrivals: nothing changes for them until the opening), then one NIO selector
 * thread opens N connections and sends one poll on each, so the client itself costs a
 * socket per poll, not a thread. With {@code --opens-in}, the sale opens while the polls
 * are held and every poll must answer at the opening instead of at the end of its wait.
 */
final class LongPolls {

	private static final Pattern USED = Pattern.compile("used (\\d+)K");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z_]+)\"");

	private final URI url;

	private final DevTokens tokens;

	private final int polls;

	private final int waitSeconds;

	private final int opensIn;

	private final long pid;

	private final PrintStream out;

	private final PrintStream err;

	private final JsonMapper json = JsonMapper.builder().build();

	LongPolls(URI url, String secret, int polls, int waitSeconds, int opensIn, long pid, PrintStream out,
			PrintStream err) {
		this.url = url;
		this.tokens = new DevTokens(secret);
		this.polls = polls;
		this.waitSeconds = waitSeconds;
		this.opensIn = opensIn;
		this.pid = pid;
		this.out = out;
		this.err = err;
	}

	static int run(Arguments args, Map<String, String> env, PrintStream out, PrintStream err)
			throws InterruptedException {
		URI url = URI.create(args.string("url", "http://127.0.0.1:8080"));
		String secret = DemoSettings.secret(args, env);
		int polls = args.integer("polls", 10_000, 1, 60_000);
		int wait = args.integer("wait", 20, 1, 120);
		int opensIn = args.integer("opens-in", 0, 0, 3600);
		int pid = args.integer("pid", 0, 0, Integer.MAX_VALUE);
		args.rejectUnknown();
		return new LongPolls(url, secret, polls, wait, opensIn, pid, out, err).run();
	}

	int run() throws InterruptedException {
		Instant now = Instant.now();
		Duration ttl = Duration.ofHours(2);
		String saleId = "polls-" + now.toEpochMilli();
		String[] shoppers = new String[this.polls];
		for (int i = 0; i < this.polls; i++) {
			shoppers[i] = this.tokens.mint(saleId + "-" + i, false, ttl, now);
		}
		String[] tickets = new String[this.polls];
		Map<String, Integer> arrivals = new TreeMap<>();
		try (SeckillApi api = new SeckillApi(this.url, Duration.ofSeconds(30), this.json)) {
			// Before the opening, so that nothing changes for a ticket until then.
			Instant startsAt = Instant.now().plusSeconds((this.opensIn > 0) ? this.opensIn : 3600);
			ApiAnswer created = api.createSale(this.tokens.mint("loadgen-admin", true, ttl, now),
					new NewRoomSale(saleId, "long-poll probe", this.polls, 1, startsAt, startsAt.plusSeconds(3600),
							new Room(100, 7200, 60)));
			if (created.status() != 201) {
				this.err.println("could not create the sale: " + created.describe());
				return 1;
			}
			Semaphore inFlight = new Semaphore(32);
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				for (int i = 0; i < this.polls; i++) {
					int index = i;
					inFlight.acquire();
					threads.submit(() -> {
						try {
							ApiAnswer ticket = api.queue(shoppers[index], saleId);
							tickets[index] = ticket.text("ticket");
							synchronized (arrivals) {
								arrivals.merge(Integer.toString(ticket.status()), 1, Integer::sum);
							}
						}
						finally {
							inFlight.release();
						}
					});
				}
			}
			this.err.printf(Locale.ROOT, "%s: %,d tickets taken %s; sale opens at %s%n", saleId, this.polls, arrivals,
					startsAt);
		}
		Sample before = sample("before");
		Poll[] held = new Poll[this.polls];
		for (int i = 0; i < this.polls; i++) {
			String path = "/api/sales/" + saleId + "/queue/" + tickets[i] + "?wait=" + this.waitSeconds + "s";
			String request = "GET " + path + " HTTP/1.1\r\nHost: " + this.url.getHost() + "\r\nAuthorization: Bearer "
					+ shoppers[i] + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n";
			held[i] = new Poll(request.getBytes(StandardCharsets.US_ASCII));
		}
		List<Sample> samples = new ArrayList<>();
		samples.add(before);
		long began = System.nanoTime();
		try {
			hold(held, samples);
		}
		catch (IOException ex) {
			this.err.println("long-polls: " + ex);
			return 1;
		}
		long ended = System.nanoTime();
		Thread.sleep(3000);
		samples.add(sample("after (3 s)"));
		this.out.print(report(held, samples, Duration.ofNanos(ended - began)));
		long late = Arrays.stream(held).filter((p) -> !p.answeredInTime(this.waitSeconds)).count();
		return (late == 0) ? 0 : 1;
	}

	/** Opens every connection, sends every poll and reads every answer on one thread. */
	private void hold(Poll[] held, List<Sample> samples) throws IOException {
		InetSocketAddress address = new InetSocketAddress(this.url.getHost(), this.url.getPort());
		long deadline = 0;
		long duringAt = 0;
		boolean duringTaken = false;
		try (Selector selector = Selector.open()) {
			int next = 0;
			int connecting = 0;
			int open = 0;
			while (next < held.length || open > 0) {
				while (next < held.length && connecting < 200) {
					Poll poll = held[next++];
					SocketChannel channel = SocketChannel.open();
					channel.configureBlocking(false);
					if (channel.connect(address)) {
						send(poll, channel.register(selector, SelectionKey.OP_READ, poll));
					}
					else {
						channel.register(selector, SelectionKey.OP_CONNECT, poll);
						connecting++;
					}
					open++;
				}
				if (next == held.length && deadline == 0) {
					deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.waitSeconds + 15L);
					duringAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, this.waitSeconds / 2));
				}
				selector.select(50);
				for (SelectionKey key : selector.selectedKeys()) {
					Poll poll = (Poll) key.attachment();
					try {
						if (key.isConnectable()) {
							connecting--;
							((SocketChannel) key.channel()).finishConnect();
							send(poll, key);
						}
						else if (key.isReadable() && poll.read((SocketChannel) key.channel())) {
							key.cancel();
							key.channel().close();
							open--;
						}
					}
					catch (IOException ex) {
						if (key.isValid() && key.interestOps() == SelectionKey.OP_CONNECT) {
							connecting--;
						}
						poll.failure = ex.getClass().getSimpleName();
						poll.answeredNanos = System.nanoTime();
						key.cancel();
						key.channel().close();
						open--;
					}
				}
				selector.selectedKeys().clear();
				if (deadline != 0 && !duringTaken && System.nanoTime() >= duringAt) {
					duringTaken = true;
					long answered = Arrays.stream(held).filter((p) -> p.answeredNanos != 0).count();
					samples
						.add(sample(String.format(Locale.ROOT, "held (%,d of %,d answered)", answered, held.length)));
				}
				if (deadline != 0 && System.nanoTime() > deadline) {
					for (SelectionKey key : selector.keys()) {
						key.channel().close();
					}
					break;
				}
			}
		}
	}

	private static void send(Poll poll, SelectionKey key) throws IOException {
		SocketChannel channel = (SocketChannel) key.channel();
		ByteBuffer request = ByteBuffer.wrap(poll.request);
		poll.sentNanos = System.nanoTime();
		while (request.hasRemaining()) {
			if (channel.write(request) == 0) {
				Thread.onSpinWait();
			}
		}
		key.interestOps(SelectionKey.OP_READ);
	}

	private String report(Poll[] held, List<Sample> samples, Duration took) {
		StringBuilder report = new StringBuilder();
		report.append(
				String.format(Locale.ROOT, "%nLong-polls: %,d held at once on %s, ?wait=%ds%s (%.1f s)%n", held.length,
						this.url, this.waitSeconds, (this.opensIn > 0)
								? ", the sale opening " + this.opensIn + " s after the sale was created" : "",
						took.toMillis() / 1000.0));
		Map<String, Integer> outcomes = new TreeMap<>();
		List<Long> latencies = new ArrayList<>();
		for (Poll poll : held) {
			outcomes.merge(poll.outcome(), 1, Integer::sum);
			if (poll.status > 0) {
				latencies.add(poll.answeredNanos - poll.sentNanos);
			}
		}
		long inTime = Arrays.stream(held).filter((p) -> p.answeredInTime(this.waitSeconds)).count();
		report.append("  outcomes: ").append(outcomes).append('\n');
		report.append(String.format(Locale.ROOT,
				"  answered 200 within their wait (+1 s): %,d of %,d; without answer or failed: %,d%n", inTime,
				held.length, Arrays.stream(held).filter((p) -> p.status == 0).count()));
		if (!latencies.isEmpty()) {
			latencies.sort(null);
			report.append(String.format(Locale.ROOT,
					"  latency (send to answer): min %.2f s, p50 %.2f s, p99 %.2f s," + " max %.2f s%n",
					seconds(latencies.get(0)), seconds(percentile(latencies, 50)), seconds(percentile(latencies, 99)),
					seconds(latencies.get(latencies.size() - 1))));
		}
		if (this.pid > 0) {
			report.append(String.format(Locale.ROOT, "  ingress pid %d:%n", this.pid));
			Sample previous = null;
			for (Sample sample : samples) {
				String cpu = "";
				if (previous != null && sample.cpuTicks >= 0 && previous.cpuTicks >= 0) {
					double busy = (sample.cpuTicks - previous.cpuTicks) / 100.0;
					double wall = (sample.nanos - previous.nanos) / 1e9;
					cpu = String.format(Locale.ROOT, ", CPU %.0f %% of a core since the previous", 100 * busy / wall);
				}
				report.append(String.format(Locale.ROOT, "    %-28s RSS %,d MB, threads %d, heap used %s%s%n",
						sample.label, sample.rssKb / 1024, sample.threads,
						(sample.heapKb >= 0) ? (sample.heapKb / 1024) + " MB" : "?", cpu));
				previous = sample;
			}
		}
		return report.toString();
	}

	private static long percentile(List<Long> sorted, int p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	/** The ingress process now: /proc for memory, threads and CPU, jcmd for the heap. */
	private Sample sample(String label) {
		long nanos = System.nanoTime();
		if (this.pid <= 0) {
			return new Sample(label, nanos, 0, 0, -1, -1);
		}
		long rss = 0;
		int threads = 0;
		long cpu = -1;
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("\\D", ""));
				}
				else if (line.startsWith("Threads:")) {
					threads = Integer.parseInt(line.replaceAll("\\D", ""));
				}
			}
			String stat = Files.readString(Path.of("/proc", Long.toString(this.pid), "stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			this.err.println("could not read /proc/" + this.pid + ": " + ex);
		}
		return new Sample(label, nanos, rss, threads, heapKb(), cpu);
	}

	/**
	 * Heap in use per {@code jcmd GC.heap_info} (every "used" before the metaspace line).
	 */
	private long heapKb() {
		try {
			Process jcmd = new ProcessBuilder("jcmd", Long.toString(this.pid), "GC.heap_info").redirectErrorStream(true)
				.start();
			String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			jcmd.waitFor(10, TimeUnit.SECONDS);
			long used = 0;
			for (String line : text.split("\n")) {
				if (line.trim().startsWith("Metaspace")) {
					break;
				}
				Matcher matcher = USED.matcher(line);
				if (matcher.find() && !line.contains("region size")) {
					used += Long.parseLong(matcher.group(1));
				}
			}
			return used;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private record Sample(String label, long nanos, long rssKb, int threads, long heapKb, long cpuTicks) {
	}

	/** One long-poll on its own connection. */
	private static final class Poll {

		final byte[] request;

		long sentNanos;

		long answeredNanos;

		int status;

		@Nullable String ticketStatus;

		@Nullable String failure;

		private final ByteBuffer buffer = ByteBuffer.allocate(2048);

		Poll(byte[] request) {
			this.request = request;
		}

		/**
		 * Reads what arrived; {@code true} once the answer is complete (or the peer
		 * closed).
		 */
		boolean read(SocketChannel channel) throws IOException {
			int read = channel.read(this.buffer);
			String text = new String(this.buffer.array(), 0, this.buffer.position(), StandardCharsets.ISO_8859_1);
			int headersEnd = text.indexOf("\r\n\r\n");
			boolean complete = read < 0 || !this.buffer.hasRemaining();
			if (headersEnd >= 0) {
				Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, headersEnd));
				if (length.find()) {
					complete |= text.length() - headersEnd - 4 >= Integer.parseInt(length.group(1));
				}
				else if (text.substring(0, headersEnd).toLowerCase(Locale.ROOT).contains("chunked")) {
					complete |= text.endsWith("\r\n0\r\n\r\n");
				}
			}
			if (!complete) {
				return false;
			}
			this.answeredNanos = System.nanoTime();
			if (text.startsWith("HTTP/1.1 ") && text.length() >= 12) {
				this.status = Integer.parseInt(text.substring(9, 12));
				Matcher status = STATUS.matcher(text);
				this.ticketStatus = status.find() ? status.group(1) : null;
			}
			else {
				this.failure = "closed without an answer";
			}
			return true;
		}

		boolean answeredInTime(int waitSeconds) {
			return this.status == 200
					&& this.answeredNanos - this.sentNanos <= TimeUnit.SECONDS.toNanos(waitSeconds + 1L);
		}

		String outcome() {
			if (this.status > 0) {
				return this.status + ((this.ticketStatus != null) ? " " + this.ticketStatus : "");
			}
			return (this.failure != null) ? this.failure : "no answer";
		}

	}

}
