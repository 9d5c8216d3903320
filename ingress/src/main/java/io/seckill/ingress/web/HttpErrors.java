package io.seckill.ingress.web;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * The {@code {"error","message"}} body for a bare HTTP status, for refusals made below
 * the controllers: the HTTP codec, the security firewall, the filters, the edge routes.
 */
public final class HttpErrors {

	private HttpErrors() {
	}

	/**
	 * The body for a status.
	 * @param status an HTTP status code
	 * @return the error code and sentence a client sees for it
	 */
	public static ApiError forStatus(int status) {
		return switch (status) {
			case 400 -> new ApiError("bad_request", "The request is malformed.");
			case 401 -> new ApiError("unauthorized", "A valid bearer token is required.");
			case 403 -> new ApiError("forbidden", "This call is not allowed.");
			case 404 -> new ApiError("not_found", "There is nothing at this address.");
			case 405 -> new ApiError("method_not_allowed", "This method is not allowed here.");
			case 406 -> new ApiError("not_acceptable", "This API answers application/json only.");
			case 408 -> new ApiError("request_timeout", "The request was not received in time.");
			case 413 -> new ApiError("payload_too_large", "The request body is too large.");
			case 414 -> new ApiError("uri_too_long", "The request address is too long.");
			case 415 -> new ApiError("unsupported_media_type", "Send the body as application/json.");
			case 429 -> new ApiError("rate_limited", "Too many requests; slow down.");
			case 431 -> new ApiError("headers_too_large", "The request headers are too large.");
			case 501 -> new ApiError("not_implemented", "This request uses an HTTP feature the API does not support.");
			case 503 -> new ApiError("unavailable", "The service is unavailable; try again shortly.");
			case 505 -> new ApiError("http_version_not_supported", "This API speaks HTTP/1.1 (and HTTP/1.0).");
			default -> (status >= 500) ? internalError() : other(status);
		};
	}

	/**
	 * The body of an unexpected failure: a sentence, never a stack trace.
	 * @return the body
	 */
	public static ApiError internalError() {
		return new ApiError("internal_error", "Something went wrong on our side. Please try again.");
	}

	private static ApiError other(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		if (known == null) {
			return new ApiError("bad_request", "The request was refused.");
		}
		return new ApiError(known.name().toLowerCase(Locale.ROOT), known.getReasonPhrase() + ".");
	}

}
