package io.seckill.ingress.system;

import java.io.IOException;

/**
 * A request body grew past the limit while it was being read (a chunked body has no
 * {@code Content-Length} to refuse up front).
 */
class PayloadTooLargeException extends IOException {

	PayloadTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes.", null);
	}

}
