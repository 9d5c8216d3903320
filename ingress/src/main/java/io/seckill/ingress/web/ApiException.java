package io.seckill.ingress.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A documented refusal: the status and the {@code error} code a client can rely on
 * (DESIGN.md, HTTP contract).
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final @Nullable Long retryAfterSeconds;

	private final @Nullable List<String> purchaseIds;

	public ApiException(HttpStatus status, String code, String message) {
		this(status, code, message, null);
	}

	public ApiException(HttpStatus status, String code, String message, @Nullable Long retryAfterSeconds) {
		this(status, code, message, retryAfterSeconds, null);
	}

	private ApiException(HttpStatus status, String code, String message, @Nullable Long retryAfterSeconds,
			@Nullable List<String> purchaseIds) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
		this.retryAfterSeconds = retryAfterSeconds;
		this.purchaseIds = purchaseIds;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public @Nullable Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/**
	 * The body a client gets.
	 * @return the error
	 */
	public ApiError body() {
		return new ApiError(this.code, getMessage(), this.purchaseIds);
	}

	@Override
	public String getMessage() {
		String message = super.getMessage();
		return (message != null) ? message : this.code;
	}

	public static ApiException notFound(String message) {
		return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
	}

	public static ApiException badRequest(String code, String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, code, message);
	}

	/**
	 * {@code 409 limit_reached}, naming the purchases the shopper holds.
	 * @param message the sentence
	 * @param purchaseIds what the shopper bought in the sale
	 * @return the refusal
	 */
	public static ApiException limitReached(String message, List<String> purchaseIds) {
		return new ApiException(HttpStatus.CONFLICT, "limit_reached", message, null, List.copyOf(purchaseIds));
	}

	public static ApiException unavailable(String message, long retryAfterSeconds) {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message, retryAfterSeconds);
	}

}
