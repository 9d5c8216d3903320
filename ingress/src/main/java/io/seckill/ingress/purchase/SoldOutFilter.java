package io.seckill.ingress.purchase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Answers a purchase attempt on a sale this ingress knows to be sold out with the
 * documented {@code 410} before token verification, JSON parsing and Spring MVC run: the
 * crowd that keeps pressing "buy" after the last item then costs what the bare HTTP stack
 * costs (issue 4, sold-out / baseline). Anything this filter is not sure about goes on
 * down the chain unchanged.
 *
 * <p>
 * It still insists on everything the contract answers first: a bearer token that the same
 * decoder as Spring Security's verifies (anything else goes on to the chain, which
 * answers {@code 401}), a well-formed Idempotency-Key (else {@code 400}), and no replay
 * owed on that key ({@link SoldOutFlags}). The token is verified last, only for a sale
 * that is flagged.
 */
class SoldOutFilter extends OncePerRequestFilter {

	private static final String PATTERN = "/api/sales/{saleId}/purchases";

	private static final String PREFIX = "/api/sales/";

	private static final String SUFFIX = "/purchases";

	private static final byte[] BODY = "{\"error\":\"sold_out\",\"message\":\"The sale is sold out.\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final SoldOutFlags flags;

	private final Counter soldOut;

	private final Predicate<String> validToken;

	/**
	 * @param flags the sold-out flags
	 * @param soldOut counts the sold-out answers
	 * @param validToken whether a bearer token (without the scheme) verifies
	 */
	SoldOutFilter(SoldOutFlags flags, Counter soldOut, Predicate<String> validToken) {
		this.flags = flags;
		this.soldOut = soldOut;
		this.validToken = validToken;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (answeredSoldOut(request)) {
			this.soldOut.increment();
			// Counted under the purchase route, as if the controller had answered, not as
			// an unmatched request.
			ServerHttpObservationFilter.findObservationContext(request)
				.ifPresent((context) -> context.setPathPattern(PATTERN));
			response.setStatus(HttpStatus.GONE.value());
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(BODY.length);
			response.getOutputStream().write(BODY);
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean answeredSoldOut(HttpServletRequest request) {
		if (!"POST".equals(request.getMethod())) {
			return false;
		}
		String saleId = saleId(request.getRequestURI());
		if (saleId == null) {
			return false;
		}
		String authorization = request.getHeader("Authorization");
		String key = request.getHeader("Idempotency-Key");
		return authorization != null && authorization.startsWith("Bearer ") && key != null
				&& IdempotencyKeys.isValid(key) && this.flags.soldOutAtEdge(saleId, key)
				&& this.validToken.test(authorization.substring("Bearer ".length()));
	}

	/**
	 * The sale id of {@code /api/sales/{saleId}/purchases}, or null for any other path.
	 */
	static @Nullable String saleId(String uri) {
		if (!uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX) || uri.length() <= PREFIX.length() + SUFFIX.length()) {
			return null;
		}
		String saleId = uri.substring(PREFIX.length(), uri.length() - SUFFIX.length());
		return (saleId.indexOf('/') < 0) ? saleId : null;
	}

}
