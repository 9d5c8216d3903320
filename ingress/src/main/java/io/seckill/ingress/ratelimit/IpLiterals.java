package io.seckill.ingress.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * IP literals to bytes without ever asking DNS: {@code InetAddress.getByName} looks up
 * anything it does not recognise as a literal, and a forwarded-for header is client
 * input.
 */
final class IpLiterals {

	private IpLiterals() {
	}

	/**
	 * The address' bytes.
	 * @param value a dotted-quad IPv4 or an IPv6 literal, brackets optional
	 * @return 4 or 16 bytes, or {@code null} if the value is no IP literal
	 */
	static byte @Nullable [] parse(String value) {
		if (value.indexOf(':') >= 0) {
			return parseV6(value);
		}
		return parseV4(value);
	}

	private static byte @Nullable [] parseV6(String value) {
		String literal = (value.startsWith("[") && value.endsWith("]")) ? value : "[" + value + "]";
		try {
			// Brackets make the JDK treat it as an IPv6 literal or refuse it, never look
			// it up.
			return InetAddress.getByName(literal).getAddress();
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte @Nullable [] parseV4(String value) {
		byte[] bytes = new byte[4];
		int part = 0;
		int octet = -1;
		for (int i = 0; i <= value.length(); i++) {
			char c = (i < value.length()) ? value.charAt(i) : '.';
			if (c >= '0' && c <= '9') {
				octet = ((octet < 0) ? 0 : octet * 10) + (c - '0');
				if (octet > 255) {
					return null;
				}
			}
			else if (c == '.' && octet >= 0 && part < 4) {
				bytes[part++] = (byte) octet;
				octet = -1;
			}
			else {
				return null;
			}
		}
		return (part == 4) ? bytes : null;
	}

}
