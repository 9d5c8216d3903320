package io.seckill.ingress.ratelimit;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code ::1/128}.
 *
 * @param network the block's first address
 * @param prefixLength bits that must match
 */
record AddressRange(byte[] network, int prefixLength) {

	/**
	 * Parses a block; an address without {@code /bits} is a block of one.
	 * @param cidr the block in CIDR notation, IP literals only
	 * @return the range
	 * @throws IllegalArgumentException if it is not a CIDR block of IP literals
	 */
	static AddressRange parse(String cidr) {
		String value = cidr.trim();
		int slash = value.indexOf('/');
		String address = (slash >= 0) ? value.substring(0, slash) : value;
		byte[] network = IpLiterals.parse(address);
		if (network == null) {
			throw new IllegalArgumentException("'" + cidr + "' is not an IP address range such as 10.0.0.0/8");
		}
		int bits = network.length * 8;
		int prefixLength = (slash >= 0) ? parseBits(cidr, value.substring(slash + 1), bits) : bits;
		return new AddressRange(network, prefixLength);
	}

	boolean contains(byte[] address) {
		if (address.length != this.network.length) {
			return false;
		}
		int fullBytes = this.prefixLength / 8;
		for (int i = 0; i < fullBytes; i++) {
			if (address[i] != this.network[i]) {
				return false;
			}
		}
		int remainingBits = this.prefixLength % 8;
		if (remainingBits == 0) {
			return true;
		}
		int mask = (0xFF << (8 - remainingBits)) & 0xFF;
		return (address[fullBytes] & mask) == (this.network[fullBytes] & mask);
	}

	private static int parseBits(String cidr, String bits, int max) {
		try {
			int value = Integer.parseInt(bits);
			if (value >= 0 && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Refused below with the whole value.
		}
		throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-" + max);
	}

}
