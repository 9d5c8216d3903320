package io.seckill.ingress.sale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.seckill.common.redis.RedisKeys;
import io.seckill.common.redis.SeckillRedis;
import io.seckill.ingress.redis.TestRedis;
import io.seckill.ingress.web.ApiException;
import io.seckill.ingress.resilience.RedisGuard;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Creating and viewing sales against the real local MariaDB and the test Redis: ids that
 * differ only in case are different sales (issue 12 item 1).
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@TestPropertySource(locations = "classpath:test-database.properties")
@Import({ SaleService.class, SaleRepository.class, SaleStore.class, SaleServiceIntegrationTests.Services.class })
class SaleServiceIntegrationTests {

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	@Autowired
	private SaleService sales;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private SeckillRedis redis;

	@Autowired
	private SaleStore store;

	private final List<String> saleIds = new ArrayList<>();

	@AfterEach
	void deleteSales() {
		for (String saleId : this.saleIds) {
			this.jdbc.sql("DELETE FROM sales WHERE sale_id = ?").param(saleId).update();
			this.redis.sync().del(RedisKeys.sale(saleId), RedisKeys.remaining(saleId));
			this.redis.sync().srem(RedisKeys.ROOMS, saleId);
		}
	}

	@Test
	void createsASaleWhoseIdDiffersOnlyInCaseFromAnExistingOne() {
		String lower = "adm-" + UUID.randomUUID().toString().substring(0, 8);
		String upper = lower.toUpperCase(Locale.ROOT);

		SaleView first = create(lower, 3);
		SaleView second = create(upper, 5);

		assertThat(first.saleId()).isEqualTo(lower);
		assertThat(second.saleId()).isEqualTo(upper);
		assertThat(this.sales.view(lower).remaining()).isEqualTo(3);
		assertThat(this.sales.view(upper).remaining()).isEqualTo(5);
	}

	@Test
	void aSaleIsNotFoundUnderItsIdInAnotherCase() {
		String saleId = "bars-" + UUID.randomUUID().toString().substring(0, 8);
		create(saleId, 3);

		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.sales.view(saleId.toUpperCase(Locale.ROOT)))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("not_found"));
	}

	@Test
	void keepsAWaitingRoomInTheDatabaseAndInRedis() {
		String saleId = "room-" + UUID.randomUUID().toString().substring(0, 8);
		this.saleIds.add(saleId);

		this.sales.create(new CreateSaleRequest(saleId, "Item", 3, 1, NOW, NOW.plus(1, ChronoUnit.HOURS),
				new WaitingRoomRequest(25, 300, null)));

		Sale stored = this.sales.find(saleId);
		assertThat(stored.waitingRoom())
			.isEqualTo(new WaitingRoom(25, Duration.ofSeconds(300), WaitingRoom.DEFAULT_ADMISSION_WINDOW));
		assertThat(this.redis.sync().hmget(RedisKeys.sale(saleId), "room", "roomRate", "roomPrequeue"))
			.extracting((value) -> value.getValue())
			.containsExactly("120000", "25", "300000");
		assertThat(this.redis.sync().sismember(RedisKeys.ROOMS, saleId)).isTrue();
		assertThat(this.sales.view(saleId).waitingRoom()).isEqualTo(new SaleView.RoomView(25, 300, 120));
	}

	@Test
	void keepsAnAutomaticWaitingRoom() {
		String saleId = "room-" + UUID.randomUUID().toString().substring(0, 8);
		this.saleIds.add(saleId);

		this.sales.create(new CreateSaleRequest(saleId, "Item", 3, 1, NOW, NOW.plus(1, ChronoUnit.HOURS),
				new WaitingRoomRequest(WaitingRoom.AUTOMATIC, null, 30)));

		assertThat(this.sales.find(saleId).waitingRoom())
			.isEqualTo(new WaitingRoom(WaitingRoom.AUTOMATIC, WaitingRoom.DEFAULT_PRE_QUEUE, Duration.ofSeconds(30)));
		assertThat(this.redis.sync().hget(RedisKeys.sale(saleId), "roomRate")).isEqualTo("auto");
		assertThat(this.sales.view(saleId).waitingRoom().admissionRate()).isEqualTo("automatic");
	}

	/**
	 * One script loads a sale, new or lost in a failover: a retried create of the same
	 * sale is fine, another sale under its id is refused, and a reload leaves a sale
	 * Redis has, stock and all, alone.
	 */
	@Test
	void loadsASaleOnceWhetherCreatedOrReloaded() {
		String saleId = "load-" + UUID.randomUUID().toString().substring(0, 8);
		this.saleIds.add(saleId);
		Sale sale = new Sale(saleId, "Item", 5, 1, NOW, NOW.plus(1, ChronoUnit.HOURS));
		ReloadSaleScript reload = new ReloadSaleScript(this.redis);

		assertThat(this.store.load(sale)).as("created").isTrue();
		assertThat(this.store.load(sale)).as("the same sale again").isTrue();
		assertThat(this.store.load(new Sale(saleId, "Item", 6, 1, NOW, NOW.plus(1, ChronoUnit.HOURS))))
			.as("another sale under the id")
			.isFalse();
		assertThat(reload.reload(sale, 2)).as("reloaded while Redis has it").isFalse();
		assertThat(this.store.remaining(saleId)).isEqualTo(5);

		this.redis.sync().del(RedisKeys.sale(saleId), RedisKeys.remaining(saleId));
		assertThat(reload.reload(sale, 2)).as("reloaded once lost").isTrue();
		assertThat(this.store.remaining(saleId)).isEqualTo(2);
		assertThat(this.redis.sync().hget(RedisKeys.sale(saleId), "stock")).isEqualTo("5");
	}

	@Test
	void aSaleWithoutWaitingRoomHasNoneInRedis() {
		String saleId = "plain-" + UUID.randomUUID().toString().substring(0, 8);
		create(saleId, 3);

		assertThat(this.sales.find(saleId).waitingRoom()).isNull();
		assertThat(this.redis.sync().hexists(RedisKeys.sale(saleId), "room")).isFalse();
		assertThat(this.redis.sync().sismember(RedisKeys.ROOMS, saleId)).isFalse();
	}

	private SaleView create(String saleId, int stock) {
		this.saleIds.add(saleId);
		return this.sales
			.create(new CreateSaleRequest(saleId, "Item " + saleId, stock, 1, NOW, NOW.plus(1, ChronoUnit.HOURS)));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Services {

		@Bean(destroyMethod = "close")
		SeckillRedis seckillRedis() {
			return TestRedis.connect();
		}

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		// The circuit breaker is not what is tested here: calls pass
		// through.
		@Bean
		RedisGuard redisGuard() {
			RedisGuard guard = mock();
			given(guard.call(any())).willAnswer((invocation) -> invocation.<Supplier<?>>getArgument(0).get());
			return guard;
		}

	}

}
