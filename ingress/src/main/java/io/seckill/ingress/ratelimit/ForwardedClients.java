package io.seckill.ingress.ratelimit;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.BiFunction;

import io.netty.handler.codec.http.HttpRequest;
import reactor.netty.http.server.ConnectionInfo;

/**
 * Who the client is behind a proxy: the right-most address of {@code X-Forwarded-For}
 * that is not one of our trusted proxies, and only when the connection itself comes from
 * a trusted proxy. A client can put anything in the header, so an address it claims is
 * believed only as far as a proxy we trust passed it on (the rule of Tomcat's
 * {@code RemoteIpValve}, which this replaces on Reactor Netty, whose own forwarded
 * support believes any sender).
 */
final class ForwardedClients implements BiFunction<ConnectionInfo, HttpRequest, ConnectionInfo> {

	private static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private final List<AddressRange> trusted;

	ForwardedClients(List<AddressRange> trusted) {
		this.trusted = trusted;
	}

	@Override
	public ConnectionInfo apply(ConnectionInfo connection, HttpRequest request) {
		if (!isTrusted(connection.getRemoteAddress())) {
			return connection;
		}
		List<String> values = request.headers().getAll(X_FORWARDED_FOR);
		if (values.isEmpty()) {
			return connection;
		}
		String[] hops = String.join(",", values).split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].trim();
			byte[] address = IpLiterals.parse(hop);
			if (address == null) {
				// Not an address: the chain cannot be followed further.
				return connection;
			}
			if (i == 0 || !contains(address)) {
				return connection.withRemoteAddress(InetSocketAddress.createUnresolved(hop, 0));
			}
		}
		return connection;
	}

	private boolean isTrusted(SocketAddress remote) {
		if (!(remote instanceof InetSocketAddress address) || address.getAddress() == null) {
			return false;
		}
		return contains(address.getAddress().getAddress());
	}

	private boolean contains(byte[] address) {
		for (AddressRange range : this.trusted) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
