package io.seckill.ingress.sale;

import java.time.Instant;

/**
 * A sale as shoppers see it (DESIGN.md, {@code GET /api/sales/{saleId}}).
 */
record SaleView(String saleId, String item, int stock, long remaining, SaleStatus status, int perUserLimit,
		Instant startsAt, Instant endsAt) {

	static SaleView of(Sale sale, long remaining, Instant now) {
		return new SaleView(sale.saleId(), sale.item(), sale.stock(), remaining, sale.statusAt(now, remaining),
				sale.perUserLimit(), sale.startsAt(), sale.endsAt());
	}

}
