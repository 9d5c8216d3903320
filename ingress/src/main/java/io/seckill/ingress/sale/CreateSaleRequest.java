package io.seckill.ingress.sale;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonDeserialize;

import io.seckill.common.sale.SaleIds;

/**
 * Body of {@code POST /api/admin/sales}.
 *
 * @param saleId 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit
 * @param item what is sold
 * @param stock items for sale, 1 to 10,000,000
 * @param perUserLimit most items per shopper, 1 to 100 (default 1)
 * @param startsAt when purchases open (default: now)
 * @param endsAt when purchases close, after {@code startsAt}
 * @param waitingRoom the sale's waiting room, if it has one (issue 11)
 */
record CreateSaleRequest(@NotNull @Pattern(regexp = SaleIds.PATTERN, message = SaleIds.RULE) String saleId,
		@NotBlank @Size(max = 200) String item, @NotNull @Min(1) @Max(10_000_000) Integer stock,
		@Nullable @Min(1) @Max(100) Integer perUserLimit,
		@JsonDeserialize(using = SaleTimes.class) @Nullable Instant startsAt,
		@JsonDeserialize(using = SaleTimes.class) @NotNull Instant endsAt,
		@Valid @Nullable WaitingRoomRequest waitingRoom) {

	CreateSaleRequest(String saleId, String item, Integer stock, @Nullable Integer perUserLimit,
			@Nullable Instant startsAt, Instant endsAt) {
		this(saleId, item, stock, perUserLimit, startsAt, endsAt, null);
	}

	Sale toSale(Instant now) {
		Instant start = ((this.startsAt != null) ? this.startsAt : now).truncatedTo(ChronoUnit.MILLIS);
		int limit = (this.perUserLimit != null) ? this.perUserLimit : 1;
		WaitingRoom room = (this.waitingRoom != null) ? this.waitingRoom.toWaitingRoom() : null;
		return new Sale(this.saleId, this.item, this.stock, limit, start, this.endsAt.truncatedTo(ChronoUnit.MILLIS),
				room);
	}

}
