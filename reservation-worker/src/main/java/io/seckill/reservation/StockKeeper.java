package io.seckill.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import io.seckill.common.messaging.PurchaseAccepted;
import io.seckill.common.purchase.RejectionReason;

/**
 * Decides, in one database transaction, whether a purchase that Redis accepted really
 * gets its items. The database is the authority: Redis may have accepted more than exists
 * after it lost writes in a failover.
 *
 * <p>
 * The sale's row is locked before the shopper's quota row, by one purchase, by a batch
 * (all its sales, sorted, then all its quotas, sorted) and by the order-worker's expiry,
 * so none of them can deadlock another.
 */
@Service
class StockKeeper {

	private final ReservationRepository repository;

	StockKeeper(ReservationRepository repository) {
		this.repository = repository;
	}

	/**
	 * Reserves the purchase's items, or records why not; a purchase seen before keeps its
	 * first decision and moves no stock.
	 * @param purchase what Redis accepted
	 * @param now when the decision is taken
	 * @return the decision
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * the same purchase decided first; this transaction is then rolled back and calling
	 * again returns that decision
	 */
	@Transactional
	Decision reserve(PurchaseAccepted purchase, Instant now) {
		Optional<Reservation> earlier = this.repository.findReservation(purchase.purchaseId());
		if (earlier.isPresent()) {
			Reservation reservation = earlier.get();
			return new Decision(reservation, true, remainingIfRejected(reservation));
		}
		Decision decision = decide(purchase);
		this.repository.insert(decision.reservation(), now);
		return decision;
	}

	/**
	 * Decides a batch of purchases in one transaction: the quotas and sales it touches
	 * are locked and read once, the decisions taken in delivery order in memory, and
	 * written with one multi-row statement per table. The writes keep their conditions
	 * (quota within the limit, reserved within the stock), so the database refuses an
	 * oversell even if the decisions were wrong, and the whole batch rolls back.
	 * <p>
	 * A purchase decided before keeps its first decision and moves no stock; one that
	 * appears twice in the batch is decided once, its second message counts as
	 * redelivered.
	 * @param purchases what Redis accepted, in delivery order
	 * @param now when the decisions are taken
	 * @return one decision per purchase, in the same order
	 * @throws org.springframework.dao.DuplicateKeyException if a concurrent delivery of
	 * one of the purchases decided first; nothing of the batch is then recorded
	 * @throws IllegalStateException if a conditional write refused what was decided
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	List<Decision> reserveAll(List<PurchaseAccepted> purchases, Instant now) {
		// Sales first: batches of one sale queue here, and what they read after sees what
		// the batch before them committed (READ COMMITTED reads the latest commit, and
		// takes no gap locks that would make concurrent quota upserts deadlock).
		Map<String, ReservationRepository.SaleStock> sales = this.repository
			.lockSales(new TreeSet<>(purchases.stream().map(PurchaseAccepted::saleId).toList()));
		Map<String, Reservation> earlier = this.repository
			.findReservations(purchases.stream().map(PurchaseAccepted::purchaseId).distinct().toList());
		Map<String, PurchaseAccepted> fresh = new LinkedHashMap<>();
		for (PurchaseAccepted purchase : purchases) {
			if (!earlier.containsKey(purchase.purchaseId())) {
				fresh.putIfAbsent(purchase.purchaseId(), purchase);
			}
		}
		Batch batch = new Batch(sales, lockQuotas(fresh.values(), sales));
		Map<String, Reservation> decided = new LinkedHashMap<>();
		fresh.values().forEach((purchase) -> decided.put(purchase.purchaseId(), batch.decide(purchase)));
		write(batch, List.copyOf(decided.values()), now);
		return decisions(purchases, earlier, decided, batch);
	}

	private Map<ReservationRepository.Quota, Integer> lockQuotas(Iterable<PurchaseAccepted> fresh,
			Map<String, ReservationRepository.SaleStock> sales) {
		Set<ReservationRepository.Quota> quotas = new TreeSet<>();
		for (PurchaseAccepted purchase : fresh) {
			if (sales.containsKey(purchase.saleId())) {
				quotas.add(new ReservationRepository.Quota(purchase.saleId(), purchase.userId()));
			}
		}
		return quotas.isEmpty() ? Map.of() : this.repository.lockQuotas(List.copyOf(quotas));
	}

	private void write(Batch batch, List<Reservation> decided, Instant now) {
		if (!batch.quotaTakes().isEmpty() && !this.repository.takeQuotas(batch.quotaTakes())) {
			throw new IllegalStateException("A shopper's quota refused what the batch decided; rolled back");
		}
		for (Map.Entry<String, Integer> sale : batch.stockTaken().entrySet()) {
			if (!this.repository.takeStock(sale.getKey(), sale.getValue())) {
				throw new IllegalStateException("Sale " + sale.getKey() + " refused " + sale.getValue()
						+ " items the batch decided; rolled back");
			}
		}
		if (!decided.isEmpty()) {
			this.repository.insertAll(decided, now);
		}
	}

	private static List<Decision> decisions(List<PurchaseAccepted> purchases, Map<String, Reservation> earlier,
			Map<String, Reservation> decided, Batch batch) {
		List<Decision> decisions = new ArrayList<>(purchases.size());
		Set<String> answered = new HashSet<>();
		for (PurchaseAccepted purchase : purchases) {
			Reservation reservation = earlier.get(purchase.purchaseId());
			boolean redelivered = reservation != null || !answered.add(purchase.purchaseId());
			if (reservation == null) {
				reservation = decided.get(purchase.purchaseId());
			}
			long remaining = reservation.isReserved() ? 0 : batch.remainingAfter(reservation.saleId());
			decisions.add(new Decision(reservation, redelivered, remaining));
		}
		return decisions;
	}

	private Decision decide(PurchaseAccepted purchase) {
		ReservationRepository.SaleStock sale = this.repository.lockSales(List.of(purchase.saleId()))
			.get(purchase.saleId());
		if (sale == null) {
			return rejected(purchase, RejectionReason.UNKNOWN_SALE);
		}
		if (!this.repository.takeQuota(purchase.saleId(), purchase.userId(), purchase.quantity(),
				sale.perUserLimit())) {
			return rejected(purchase, RejectionReason.LIMIT_REACHED);
		}
		if (!this.repository.takeStock(purchase.saleId(), purchase.quantity())) {
			this.repository.giveBackQuota(purchase.saleId(), purchase.userId(), purchase.quantity());
			return rejected(purchase, RejectionReason.SOLD_OUT);
		}
		Reservation reserved = Reservation.reserved(purchase.purchaseId(), purchase.saleId(), purchase.userId(),
				purchase.quantity());
		return new Decision(reserved, false, 0);
	}

	private Decision rejected(PurchaseAccepted purchase, RejectionReason reason) {
		Reservation rejected = Reservation.rejected(purchase.purchaseId(), purchase.saleId(), purchase.userId(),
				purchase.quantity(), reason);
		return new Decision(rejected, false, remainingIfRejected(rejected));
	}

	private long remainingIfRejected(Reservation reservation) {
		return reservation.isReserved() ? 0 : this.repository.remainingStock(reservation.saleId()).orElse(0);
	}

	/**
	 * The state a batch decides against: what was read under lock, and what its
	 * reservations took so far.
	 */
	private static final class Batch {

		private final Map<String, ReservationRepository.SaleStock> sales;

		private final Map<ReservationRepository.Quota, Integer> bought;

		private final Map<ReservationRepository.Quota, Integer> quotaTaken = new TreeMap<>();

		private final Map<String, Integer> stockTaken = new TreeMap<>();

		Batch(Map<String, ReservationRepository.SaleStock> sales, Map<ReservationRepository.Quota, Integer> bought) {
			this.sales = sales;
			this.bought = bought;
		}

		Reservation decide(PurchaseAccepted purchase) {
			ReservationRepository.SaleStock sale = this.sales.get(purchase.saleId());
			if (sale == null) {
				return rejection(purchase, RejectionReason.UNKNOWN_SALE);
			}
			ReservationRepository.Quota quota = new ReservationRepository.Quota(purchase.saleId(), purchase.userId());
			int quantity = purchase.quantity();
			int bought = this.bought.getOrDefault(quota, 0) + this.quotaTaken.getOrDefault(quota, 0);
			if (bought + quantity > sale.perUserLimit()) {
				return rejection(purchase, RejectionReason.LIMIT_REACHED);
			}
			if (remainingAfter(purchase.saleId()) < quantity) {
				return rejection(purchase, RejectionReason.SOLD_OUT);
			}
			this.quotaTaken.merge(quota, quantity, Integer::sum);
			this.stockTaken.merge(purchase.saleId(), quantity, Integer::sum);
			return Reservation.reserved(purchase.purchaseId(), purchase.saleId(), purchase.userId(), quantity);
		}

		long remainingAfter(String saleId) {
			ReservationRepository.SaleStock sale = this.sales.get(saleId);
			long remaining = (sale != null) ? sale.remaining() : 0;
			return Math.max(0, remaining - this.stockTaken.getOrDefault(saleId, 0));
		}

		List<ReservationRepository.QuotaTake> quotaTakes() {
			List<ReservationRepository.QuotaTake> takes = new ArrayList<>(this.quotaTaken.size());
			this.quotaTaken.forEach((quota, quantity) -> takes.add(new ReservationRepository.QuotaTake(quota, quantity,
					this.sales.get(quota.saleId()).perUserLimit())));
			return takes;
		}

		Map<String, Integer> stockTaken() {
			return this.stockTaken;
		}

		private static Reservation rejection(PurchaseAccepted purchase, RejectionReason reason) {
			return Reservation.rejected(purchase.purchaseId(), purchase.saleId(), purchase.userId(),
					purchase.quantity(), reason);
		}

	}

	/**
	 * What {@link #reserve} decided.
	 *
	 * @param reservation the decision, as recorded
	 * @param redelivered whether it had been recorded before this call
	 * @param databaseRemaining for a rejection, the stock the database had left; what
	 * Redis' view of the sale is capped at. Zero for a reservation.
	 */
	record Decision(Reservation reservation, boolean redelivered, long databaseRemaining) {
	}

}
