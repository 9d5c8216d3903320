package io.seckill.ingress.metrics;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times {@code POST /api/sales/{saleId}/purchases} around everything the ingress does for
 * it (rate limits, authentication, the Redis script, the replica wait), which is what a
 * shopper waits for. Other calls pass untimed.
 */
class PurchaseLatencyFilter extends OncePerRequestFilter {

	private final PurchaseLatency latency;

	PurchaseLatencyFilter(PurchaseLatency latency) {
		this.latency = latency;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !isPurchase(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.latency.record(System.nanoTime() - start, response.getStatus());
		}
	}

	static boolean isPurchase(String path) {
		return path.startsWith("/api/sales/") && path.endsWith("/purchases")
				&& path.indexOf('/', "/api/sales/".length()) == path.length() - "/purchases".length();
	}

}
