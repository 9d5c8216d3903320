package io.seckill.common.messaging;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryFailureUnitTests {

	@Test
	void databaseOutagesAreTransient() {
		assertThat(DeliveryFailure.of(new CannotGetJdbcConnectionException("pool empty")))
			.isEqualTo(DeliveryFailure.TRANSIENT);
		assertThat(DeliveryFailure.of(new QueryTimeoutException("slow"))).isEqualTo(DeliveryFailure.TRANSIENT);
		assertThat(DeliveryFailure.of(new RecoverableDataAccessException("connection reset")))
			.isEqualTo(DeliveryFailure.TRANSIENT);
		assertThat(DeliveryFailure.of(new CannotAcquireLockException("deadlock"))).isEqualTo(DeliveryFailure.TRANSIENT);
	}

	@Test
	void failuresToBeginOrCommitATransactionAreTransient() {
		assertThat(DeliveryFailure.of(new CannotCreateTransactionException("no connection",
				new CannotGetJdbcConnectionException("pool empty"))))
			.isEqualTo(DeliveryFailure.TRANSIENT);
		assertThat(DeliveryFailure.of(new TransactionSystemException("commit failed")))
			.isEqualTo(DeliveryFailure.TRANSIENT);
	}

	@Test
	void brokerAndRedisOutagesAreTransient() {
		assertThat(DeliveryFailure.of(new AmqpConnectException(new ConnectException("refused"))))
			.isEqualTo(DeliveryFailure.TRANSIENT);
		assertThat(DeliveryFailure.of(new RedisConnectionException("no master"))).isEqualTo(DeliveryFailure.TRANSIENT);
		assertThat(DeliveryFailure.of(new RedisCommandTimeoutException("1 second")))
			.isEqualTo(DeliveryFailure.TRANSIENT);
		assertThat(DeliveryFailure.of(new RedisCommandExecutionException("READONLY You can't write against a replica")))
			.isEqualTo(DeliveryFailure.TRANSIENT);
	}

	@Test
	void wrappedTransientCauseIsTransient() {
		IllegalStateException wrapper = new IllegalStateException("unexpected",
				new SQLTransientConnectionException("Connection is not available, request timed out"));

		assertThat(DeliveryFailure.of(wrapper)).isEqualTo(DeliveryFailure.TRANSIENT);
	}

	@Test
	void invalidMessagesArePoison() {
		assertThat(DeliveryFailure.of(new IllegalArgumentException("quantity 0"))).isEqualTo(DeliveryFailure.POISON);
		assertThat(DeliveryFailure.of(new MessageConversionException("not JSON"))).isEqualTo(DeliveryFailure.POISON);
		assertThat(DeliveryFailure.of(new AmqpRejectAndDontRequeueException("rejected")))
			.isEqualTo(DeliveryFailure.POISON);
	}

	@Test
	void dataIntegrityViolationsArePoison() {
		assertThat(DeliveryFailure.of(new DataIntegrityViolationException("Data too long for column 'user_id'")))
			.isEqualTo(DeliveryFailure.POISON);
		assertThat(DeliveryFailure.of(new DuplicateKeyException("duplicate"))).isEqualTo(DeliveryFailure.POISON);
	}

	@Test
	void conversionFailureStaysPoisonWhateverItWraps() {
		MessageConversionException failure = new MessageConversionException("cannot read",
				new RedisConnectionException("a transient-looking cause"));

		assertThat(DeliveryFailure.of(failure)).isEqualTo(DeliveryFailure.POISON);
	}

	@Test
	void unrecognisedFailuresArePoison() {
		assertThat(DeliveryFailure.of(new IllegalStateException("bug"))).isEqualTo(DeliveryFailure.POISON);
		assertThat(DeliveryFailure.of(new NullPointerException())).isEqualTo(DeliveryFailure.POISON);
	}

}
