package io.seckill.ingress.room;

import java.util.List;

/**
 * Kendall's tau of a sequence against its own index order: 1 when it ascends, -1 when it
 * descends, about 0 when unrelated.
 */
final class KendallTau {

	private KendallTau() {
	}

	static double of(List<Long> values) {
		long concordant = 0;
		long discordant = 0;
		for (int i = 0; i < values.size(); i++) {
			for (int j = i + 1; j < values.size(); j++) {
				int sign = Long.compare(values.get(j), values.get(i));
				if (sign > 0) {
					concordant++;
				}
				else if (sign < 0) {
					discordant++;
				}
			}
		}
		long pairs = concordant + discordant;
		return (pairs == 0) ? 1 : (double) (concordant - discordant) / pairs;
	}

}
