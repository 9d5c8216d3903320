package io.seckill.ingress.purchase;

import org.junit.jupiter.api.Test;

import io.seckill.common.purchase.PurchaseStatus;
import io.seckill.ingress.system.ApiException;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest(PurchaseController.class)
class PurchaseControllerUnitTests {

	private static final String PURCHASE_ID = "3f1c7c0e-1b2a-4c5d-8e9f-0a1b2c3d4e5f";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private PurchaseService purchases;

	@MockitoBean
	private PurchaseQuery query;

	@Test
	void acceptedPurchaseIs202WithLocationAndPendingBody() throws Exception {
		given(this.purchases.purchase("s1", "alice", 1, "key-0000001"))
			.willReturn(new PurchaseAnswer(PURCHASE_ID, PurchaseStatus.PENDING));

		this.mvc.perform(purchase("s1", "{\"quantity\":1}").header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Location", "/api/purchases/" + PURCHASE_ID))
			.andExpect(jsonPath("$.purchaseId").value(PURCHASE_ID))
			.andExpect(jsonPath("$.status").value("PENDING"));
	}

	@Test
	void missingBodyMeansQuantityOne() throws Exception {
		given(this.purchases.purchase("s1", "alice", 1, "key-0000001"))
			.willReturn(new PurchaseAnswer(PURCHASE_ID, PurchaseStatus.PENDING));

		this.mvc
			.perform(post("/api/sales/s1/purchases").with(jwt().jwt((token) -> token.subject("alice")))
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isAccepted());
	}

	@Test
	void refusalHasDocumentedStatusAndErrorBody() throws Exception {
		given(this.purchases.purchase(eq("s1"), eq("alice"), eq(1), anyString()))
			.willThrow(new ApiException(HttpStatus.GONE, "sold_out", "The sale is sold out."));

		this.mvc.perform(purchase("s1", "{\"quantity\":1}").header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isGone())
			.andExpect(jsonPath("$.error").value("sold_out"))
			.andExpect(jsonPath("$.message").value("The sale is sold out."));
	}

	@Test
	void unavailableCarriesRetryAfter() throws Exception {
		given(this.purchases.purchase(eq("s1"), eq("alice"), eq(1), anyString()))
			.willThrow(ApiException.unavailable("The sale store is failing over; try again shortly.", 2));

		this.mvc.perform(purchase("s1", "{\"quantity\":1}").header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "2"))
			.andExpect(jsonPath("$.error").value("unavailable"));
	}

	@Test
	void unknownOrMistypedFieldsAre400AndNeverReachRedis() throws Exception {
		this.mvc.perform(purchase("s1", "{\"quantity\":1,\"price\":0}").header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("malformed_body"));
		this.mvc.perform(purchase("s1", "{\"quantity\":\"lots\"}").header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("malformed_body"));
		this.mvc.perform(purchase("s1", "{\"quantity\":0}").header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_request"));
		verifyNoInteractions(this.purchases);
	}

	@Test
	void missingIdempotencyKeyIs400() throws Exception {
		this.mvc.perform(purchase("s1", "{\"quantity\":1}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("missing_idempotency_key"));
		verifyNoInteractions(this.purchases);
	}

	@Test
	void idempotencyKeyOutsideItsShapeIs400WithoutTouchingRedis() throws Exception {
		for (String key : new String[] { "short", "x".repeat(101), "has space-123", "a{b}c-1234", "key,other-key" }) {
			this.mvc.perform(purchase("s1", "{\"quantity\":1}").header("Idempotency-Key", key))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.error").value("invalid_idempotency_key"));
		}
		verifyNoInteractions(this.purchases);
	}

	@Test
	void invalidSaleIdIs404WithoutTouchingRedis() throws Exception {
		this.mvc.perform(purchase("bad!id", "{\"quantity\":1}").header("Idempotency-Key", "key-0000001"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error").value("not_found"));
		verifyNoInteractions(this.purchases);
	}

	@Test
	void pollAnswersOwnersPurchaseWithoutNullFields() throws Exception {
		given(this.query.find(PURCHASE_ID, "alice"))
			.willReturn(new PurchaseView(PURCHASE_ID, "s1", PurchaseStatus.CONFIRMED, "order-1", null));

		this.mvc.perform(get("/api/purchases/" + PURCHASE_ID).with(jwt().jwt((token) -> token.subject("alice"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("CONFIRMED"))
			.andExpect(jsonPath("$.orderId").value("order-1"))
			.andExpect(jsonPath("$.reason").doesNotExist());
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder purchase(String saleId,
			String body) {
		return post("/api/sales/" + saleId + "/purchases").with(jwt().jwt((token) -> token.subject("alice")))
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

}
