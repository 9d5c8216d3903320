package io.seckill.loadgen;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket: writes a request, reads the
 * status line, the headers and a {@code Content-Length} or chunked body. Not thread-safe:
 * one caller at a time.
 *
 * <p>
 * The load tools run on the two cores they measure, so the client's own cost shows in the
 * server's latency: the JDK's HttpClient spends several times the CPU per request of a
 * blocking socket on a virtual thread, and tops out near 3,000 requests per second here
 * with hundreds in flight (the demo's p99 was mostly time in its selector queue).
 */
final class HttpConnection implements AutoCloseable {

	private static final byte[] NO_BODY = new byte[0];

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private boolean mustClose;

	private int exchanges;

	private HttpConnection(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
		this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
	}

	/**
	 * Connects.
	 * @param host the server
	 * @param port its port
	 * @param connectTimeout how long connecting may take
	 * @param readTimeout how long one read may wait for the server (a request that gets
	 * no byte of its answer for that long fails)
	 * @return the open connection
	 * @throws IOException if connecting failed
	 */
	static HttpConnection open(String host, int port, Duration connectTimeout, Duration readTimeout)
			throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
			socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
			return new HttpConnection(socket);
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

	/**
	 * Sends one request and reads its answer.
	 * @param request the whole request, head and body
	 * @param keepBody whether to return the body (else it is skipped)
	 * @return the answer
	 * @throws NotAnswered if the server closed the connection before the first byte of
	 * the answer (an idle keep-alive connection it had closed: the request may be sent
	 * again on a new one)
	 * @throws IOException for any other failure
	 */
	Answer exchange(byte[] request, boolean keepBody) throws IOException {
		boolean reused = this.exchanges++ > 0;
		try {
			this.out.write(request);
			this.out.flush();
		}
		catch (IOException ex) {
			throw reused ? new NotAnswered(ex) : ex;
		}
		int first;
		try {
			first = this.in.read();
		}
		catch (IOException ex) {
			// Reset instead of closed: the server had closed it with our request unread.
			throw reused ? new NotAnswered(ex) : ex;
		}
		if (first < 0) {
			throw reused ? new NotAnswered(null) : new IOException("connection closed before the answer");
		}
		String statusLine = (char) first + line();
		if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
			throw new IOException("not an HTTP answer: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = 0;
		boolean chunked = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				this.mustClose = true;
			}
		}
		ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream((int) Math.min(length, 64 * 1024)) : null;
		if (chunked) {
			for (long size = chunkSize(); size > 0; size = chunkSize()) {
				body(size, body);
				line();
			}
			while (!line().isEmpty()) {
				// trailers
			}
		}
		else {
			body(length, body);
		}
		return new Answer(status, (body != null) ? body.toByteArray() : NO_BODY);
	}

	/**
	 * Whether the server asked to close the connection after its last answer.
	 * @return {@code true} if the connection must not be reused
	 */
	boolean mustClose() {
		return this.mustClose;
	}

	private long chunkSize() throws IOException {
		String line = line();
		int extension = line.indexOf(';');
		return Long.parseLong(((extension >= 0) ? line.substring(0, extension) : line).trim(), 16);
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder(64);
		for (int c = this.in.read(); c != '\n'; c = this.in.read()) {
			if (c < 0) {
				throw new IOException("connection closed");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	private void body(long bytes, ByteArrayOutputStream keep) throws IOException {
		if (keep != null) {
			byte[] read = this.in.readNBytes(Math.toIntExact(bytes));
			if (read.length < bytes) {
				throw new IOException("connection closed");
			}
			keep.write(read);
			return;
		}
		long left = bytes;
		while (left > 0) {
			long skipped = this.in.skip(left);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					throw new IOException("connection closed");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body, empty when skipped or absent
	 */
	record Answer(int status, byte[] body) {
	}

	/**
	 * A reused connection the server had closed: nothing of the request was answered.
	 */
	static final class NotAnswered extends IOException {

		private static final long serialVersionUID = 1L;

		NotAnswered(IOException cause) {
			super("the server had closed the idle connection", cause);
		}

	}

}
