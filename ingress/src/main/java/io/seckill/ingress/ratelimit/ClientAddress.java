package io.seckill.ingress.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A client's address as the rate limit counts it: IPv4 whole, IPv6 by its /64 (one
 * subscriber usually holds a whole /64 and could otherwise pick a new address per
 * request).
 *
 * @param key the key its budget is kept under
 * @param bytes the address, or {@code null} if it was not an IP literal
 */
record ClientAddress(String key, byte @Nullable [] bytes) {

	/**
	 * Reads {@code getRemoteAddr()}: a literal from the connection, or whatever a trusted
	 * proxy forwarded, so it is parsed without DNS.
	 * @param remoteAddr the literal address
	 * @return the client address
	 */
	static ClientAddress of(String remoteAddr) {
		byte[] bytes = IpLiterals.parse(remoteAddr);
		if (bytes == null) {
			return new ClientAddress(remoteAddr, null);
		}
		return of(bytes);
	}

	/**
	 * Reads a socket address: resolved from the connection, or unresolved (a literal) as
	 * a trusted proxy forwarded it, which is parsed without DNS.
	 * @param address the client's address
	 * @return the client address
	 */
	static ClientAddress of(InetSocketAddress address) {
		InetAddress resolved = address.getAddress();
		return (resolved != null) ? of(resolved.getAddress()) : of(address.getHostString());
	}

	private static ClientAddress of(byte[] bytes) {
		if (bytes.length == 16) {
			return new ClientAddress("v6:" + HexFormat.of().formatHex(bytes, 0, 8), bytes);
		}
		// Also the key of an IPv4-mapped IPv6 form of the same address.
		return new ClientAddress(
				(bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF), bytes);
	}

	boolean isIn(List<AddressRange> ranges) {
		byte[] address = this.bytes;
		if (address == null) {
			return false;
		}
		for (AddressRange range : ranges) {
			if (range.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
