package io.seckill.common.messaging;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisException;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What a failure to process a delivery says about the message.
 *
 * <p>
 * The cause chain is read from the outside in and the first telling exception decides, so
 * a conversion failure that wraps an I/O error stays poison while a wrapper around a lost
 * connection stays transient. Anything unrecognised is poison: it is parked in the
 * dead-letter queue where an operator can see it, rather than blocking a consumer
 * forever. Every Redis error counts as transient, including a script error, because
 * {@code READONLY} and {@code LOADING} replies are what a failover looks like.
 */
public enum DeliveryFailure {

	/**
	 * The database, the broker or Redis is away for now; the same message will succeed
	 * later.
	 */
	TRANSIENT,

	/** The message itself cannot succeed; it belongs in the dead-letter queue. */
	POISON;

	public static DeliveryFailure of(Throwable failure) {
		for (@Nullable
		Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (isPoison(cause)) {
				return POISON;
			}
			if (isTransient(cause)) {
				return TRANSIENT;
			}
		}
		return POISON;
	}

	private static boolean isPoison(Throwable failure) {
		return failure instanceof MessageConversionException
				|| failure instanceof org.springframework.messaging.converter.MessageConversionException
				|| failure instanceof AmqpRejectAndDontRequeueException || failure instanceof IllegalArgumentException
				|| failure instanceof DataIntegrityViolationException;
	}

	private static boolean isTransient(Throwable failure) {
		return isTransientDatabaseFailure(failure) || failure instanceof AmqpException
				|| failure instanceof RedisException || failure instanceof SocketException
				|| failure instanceof SocketTimeoutException || failure instanceof TimeoutException;
	}

	private static boolean isTransientDatabaseFailure(Throwable failure) {
		// TransactionSystemException: the commit's outcome is unknown, and running the
		// whole message again is safe because every step is idempotent by purchase id.
		return failure instanceof TransientDataAccessException || failure instanceof RecoverableDataAccessException
				|| failure instanceof DataAccessResourceFailureException
				|| failure instanceof CannotCreateTransactionException || failure instanceof TransactionSystemException
				|| failure instanceof SQLTransientException || failure instanceof SQLRecoverableException
				|| failure instanceof SQLNonTransientConnectionException;
	}

}
