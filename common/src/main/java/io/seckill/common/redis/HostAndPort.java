package io.seckill.common.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A {@code host:port} address of a Redis node or sentinel.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record HostAndPort(String host, int port) {

	/**
	 * Parses a {@code host:port} entry of {@code seckill.redis.sentinels}.
	 * @param value the entry
	 * @return the address
	 * @throws IllegalArgumentException naming the property if the entry is malformed
	 */
	public static HostAndPort parse(String value) {
		int colon = value.lastIndexOf(':');
		if (colon <= 0 || colon == value.length() - 1) {
			throw new IllegalArgumentException(
					"seckill.redis.sentinels entry '" + value + "' must be host:port, e.g. 127.0.0.1:26380");
		}
		try {
			return new HostAndPort(value.substring(0, colon).trim(),
					Integer.parseInt(value.substring(colon + 1).trim()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("seckill.redis.sentinels entry '" + value + "' has no numeric port", ex);
		}
	}

	static HostAndPort of(SocketAddress address) {
		InetSocketAddress inet = (InetSocketAddress) address;
		return new HostAndPort(inet.getHostString(), inet.getPort());
	}

	@Override
	public String toString() {
		return this.host + ":" + this.port;
	}

}
