package io.seckill.common.purchase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
	void idsMadeInLaterMillisecondsSortAfterEarlierOnesAsText() throws InterruptedException {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ids.add(PurchaseIds.next());
			Thread.sleep(2);
		}
		assertThat(ids).isSorted();
	}

	@Test
	void idsAreUniqueAndUnguessableWithinAMillisecond() {
		Set<String> ids = new HashSet<>();
		Set<String> randomParts = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			String id = PurchaseIds.next();
			ids.add(id);
			randomParts.add(id.substring(24));
		}
		assertThat(ids).hasSize(100_000);
		// The last 48 bits are random for every id, not a counter: all distinct here.
		assertThat(randomParts).hasSize(100_000);
	}

}
