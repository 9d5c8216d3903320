package io.seckill.ingress.purchase;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import io.seckill.ingress.purchase.ScriptOutcome.Code;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class SoldOutFilterUnitTests {

	private static final long TTL = 1_000;

	private final AtomicLong clock = new AtomicLong();

	/** Idempotency-Keys of accepted purchases, as Redis's set of them would answer. */
	private final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();

	private final SoldOutFlags flags = new SoldOutFlags(TTL, this.clock::get,
			(sale, key) -> this.acceptedKeys.contains(key));

	private final Counter soldOut = new SimpleMeterRegistry().counter("seckill.purchases", "outcome", "sold_out");

	private final SoldOutFilter filter = new SoldOutFilter(this.flags, this.soldOut, "valid-token"::equals);

	@Test
	void flaggedSaleIsAnswered410WithTheDocumentedBodyWithoutGoingOn() throws Exception {
		flag("s1", 0);

		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = run(purchase("s1"), chain);

		assertThat(response.getStatus()).isEqualTo(410);
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(response.getContentAsString())
			.isEqualTo("{\"error\":\"sold_out\",\"message\":\"The sale is sold out.\"}");
		assertThat(chain.getRequest()).as("the chain never ran").isNull();
		assertThat(this.soldOut.count()).isEqualTo(1);
	}

	@Test
	void everythingElseGoesOnDownTheChain() throws Exception {
		flag("s1", 0);
		flag("partly", 1);

		assertPassedOn(purchase("other"));
		assertPassedOn(purchase("partly"));
		MockHttpServletRequest noToken = purchase("s1");
		noToken.removeHeader("Authorization");
		assertPassedOn(noToken);
		MockHttpServletRequest forged = purchase("s1");
		forged.removeHeader("Authorization");
		forged.addHeader("Authorization", "Bearer forged-token");
		assertPassedOn(forged);
		MockHttpServletRequest badKey = purchase("s1");
		badKey.removeHeader("Idempotency-Key");
		badKey.addHeader("Idempotency-Key", "short");
		assertPassedOn(badKey);
		MockHttpServletRequest get = purchase("s1");
		get.setMethod("GET");
		assertPassedOn(get);
		assertPassedOn(new MockHttpServletRequest("POST", "/api/sales/s1/purchases/x"));
		this.acceptedKeys.add("key-12345678");
		assertPassedOn(purchase("s1"));
		assertThat(this.soldOut.count()).isZero();
	}

	@Test
	void expiredFlagIsLeftToThePurchaseServiceToRefresh() throws Exception {
		flag("s1", 0);
		this.clock.addAndGet(TTL);

		assertPassedOn(purchase("s1"));
	}

	@Test
	void saleIdIsTheSegmentBetweenSalesAndPurchases() {
		assertThat(SoldOutFilter.saleId("/api/sales/abc-1/purchases")).isEqualTo("abc-1");
		assertThat(SoldOutFilter.saleId("/api/sales//purchases")).isNull();
		assertThat(SoldOutFilter.saleId("/api/sales/a/b/purchases")).isNull();
		assertThat(SoldOutFilter.saleId("/api/sales/purchases")).isNull();
		assertThat(SoldOutFilter.saleId("/api/purchases/abc")).isNull();
	}

	private void flag(String saleId, long remaining) {
		this.flags.through(saleId, (int) remaining + 1, "raise-" + saleId,
				() -> new ScriptOutcome(Code.SOLD_OUT, Long.toString(remaining)));
	}

	private void assertPassedOn(MockHttpServletRequest request) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = run(request, chain);
		assertThat(chain.getRequest()).isSameAs(request);
		assertThat(response.getStatus()).isEqualTo(200);
	}

	private MockHttpServletResponse run(MockHttpServletRequest request, MockFilterChain chain)
			throws ServletException, IOException {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, chain);
		return response;
	}

	private static MockHttpServletRequest purchase(String saleId) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sales/" + saleId + "/purchases");
		request.addHeader("Authorization", "Bearer valid-token");
		request.addHeader("Idempotency-Key", "key-12345678");
		request.setContentType("application/json");
		request.setContent("{\"quantity\":1}".getBytes());
		return request;
	}

}
