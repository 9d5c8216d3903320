package io.seckill.loadgen;

/**
 * The command line asked for something that cannot be done; the message says what to
 * change.
 */
class UsageException extends RuntimeException {

	UsageException(String message) {
		super(message);
	}

}
