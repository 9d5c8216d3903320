package io.seckill.ingress.sale;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.seckill.ingress.web.ApiException;
import io.seckill.ingress.resilience.RedisGuard;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates sales (database and Redis together) and shows them.
 */
@Service
public class SaleService {

	private final SaleRepository repository;

	private final SaleStore store;

	private final RedisGuard redisGuard;

	private final Clock clock;

	private final Map<String, Sale> cache = new ConcurrentHashMap<>();

	SaleService(SaleRepository repository, SaleStore store, RedisGuard redisGuard, Clock clock) {
		this.repository = repository;
		this.store = store;
		this.redisGuard = redisGuard;
		this.clock = clock;
	}

	/**
	 * Creates a sale: the row commits only if Redis loaded the stock too, so a sale never
	 * exists in one store and not the other after a clean answer.
	 * @param request what the admin asked for
	 * @return the new sale's view
	 */
	@Transactional
	SaleView create(CreateSaleRequest request) {
		Instant now = this.clock.instant();
		Sale sale = request.toSale(now);
		if (!SaleTimes.inRange(sale.startsAt()) || !SaleTimes.inRange(sale.endsAt())) {
			throw ApiException.badRequest("invalid_request", "startsAt and endsAt " + SaleTimes.RULE + ".");
		}
		if (!sale.endsAt().isAfter(sale.startsAt())) {
			throw ApiException.badRequest("invalid_request", "endsAt must be after startsAt.");
		}
		try {
			this.repository.insert(sale, now);
		}
		catch (DuplicateKeyException ex) {
			throw conflict(sale.saleId());
		}
		if (!this.redisGuard.call(() -> this.store.load(sale))) {
			throw conflict(sale.saleId());
		}
		return SaleView.of(sale, sale.stock(), now);
	}

	/**
	 * The sale as shoppers see it now; remaining stock comes from Redis, or from the
	 * database while Redis is unavailable.
	 * @param saleId the sale
	 * @return its view
	 */
	SaleView view(String saleId) {
		Sale sale = find(saleId);
		long remaining;
		try {
			remaining = this.redisGuard.call(() -> this.store.remaining(saleId));
		}
		catch (ApiException ex) {
			remaining = -1;
		}
		if (remaining < 0) {
			remaining = this.repository.remaining(saleId).orElse(0L);
		}
		return SaleView.of(sale, Math.max(0, remaining), this.clock.instant());
	}

	/**
	 * A sale's settings.
	 * @param saleId the sale
	 * @return the sale
	 * @throws ApiException {@code 404} if there is no such sale
	 */
	public Sale find(String saleId) {
		Sale cached = this.cache.get(saleId);
		if (cached != null) {
			return cached;
		}
		Sale sale = this.repository.find(saleId)
			.orElseThrow(() -> ApiException.notFound("There is no sale '" + saleId + "'."));
		this.cache.put(saleId, sale);
		return sale;
	}

	private static ApiException conflict(String saleId) {
		return new ApiException(HttpStatus.CONFLICT, "sale_exists", "A sale with id '" + saleId + "' already exists.");
	}

}
