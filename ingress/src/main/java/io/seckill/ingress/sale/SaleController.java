package io.seckill.ingress.sale;

import java.net.URI;

import jakarta.validation.Valid;

import io.seckill.common.sale.SaleIds;
import io.seckill.ingress.web.ApiException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin sale creation and the public sale view.
 */
@RestController
class SaleController {

	private final SaleService sales;

	SaleController(SaleService sales) {
		this.sales = sales;
	}

	@PostMapping(path = "/api/admin/sales", consumes = "application/json", produces = "application/json")
	ResponseEntity<SaleView> create(@Valid @RequestBody CreateSaleRequest request) {
		SaleView sale = this.sales.create(request);
		return ResponseEntity.created(URI.create("/api/sales/" + sale.saleId())).body(sale);
	}

	@GetMapping(path = "/api/sales/{saleId}", produces = "application/json")
	SaleView view(@PathVariable String saleId) {
		if (!SaleIds.isValid(saleId)) {
			throw ApiException.notFound("There is no such sale.");
		}
		return this.sales.view(saleId);
	}

}
