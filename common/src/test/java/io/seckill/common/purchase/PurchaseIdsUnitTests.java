package io.seckill.common.purchase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PurchaseIdsUnitTests {

	@Test
	void idsAreVersion7UuidsInTheUsualForm() {
		String id = PurchaseIds.next();
		assertThat(id).hasSize(36).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		UUID uuid = UUID.fromString(id);
		assertThat(uuid.version()).isEqualTo(7);
		assertThat(uuid.variant()).isEqualTo(2);
		assertThat(uuid.toString()).isEqualTo(id);
	}

	@Test
	void idsCarryTheirMillisecond() {
		long before = System.currentTimeMillis();
		String id = PurchaseIds.next();
		long after = System.currentTimeMillis();
		long millis = UUID.fromString(id).getMostSignificantBits() >>> 16;
		assertThat(millis).isBetween(before, after);
	}

	@Test
	void idsSortByTheirMillisecondAsTextAndAreRandomWithinIt() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 100_000; i++) {
			ids.add(PurchaseIds.next());
		}
		assertThat(new HashSet<>(ids)).hasSize(ids.size());
		int laterMillisecond = 0;
		int sameMillisecond = 0;
		int sameMillisecondDescending = 0;
		for (int i = 1; i < ids.size(); i++) {
			String previous = ids.get(i - 1);
			String id = ids.get(i);
			long before = millisecond(previous);
			long at = millisecond(id);
			assertThat(at).isGreaterThanOrEqualTo(before);
			if (at > before) {
				laterMillisecond++;
				assertThat(id).isGreaterThan(previous);
			}
			else {
				sameMillisecond++;
				if (id.compareTo(previous) < 0) {
					sameMillisecondDescending++;
				}
			}
		}
		assertThat(laterMillisecond).as("the ids span several milliseconds").isPositive();
		// Random after the millisecond, not a counter (which would always ascend): about
		// half
		// of the neighbours within one millisecond come in descending order.
		assertThat(sameMillisecondDescending).isGreaterThan(sameMillisecond / 4);
	}

	private static long millisecond(String id) {
		return UUID.fromString(id).getMostSignificantBits() >>> 16;
	}

}
