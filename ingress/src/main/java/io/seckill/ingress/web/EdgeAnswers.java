package io.seckill.ingress.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Writes answers straight to Reactor Netty, for the routes that run ahead of Spring
 * WebFlux (the purchase path, the long-polls, the load balancer's health checks): a
 * status, a few headers and a JSON body of known length; and reads what those routes all
 * check of a request before answering it.
 */
public final class EdgeAnswers {

	private EdgeAnswers() {
	}

	/**
	 * Sends a JSON body.
	 * @param response the response
	 * @param status the status
	 * @param json the body
	 * @return completes when written
	 */
	public static Mono<Void> json(HttpServerResponse response, int status, byte[] json) {
		response.status(status);
		HttpHeaders headers = response.responseHeaders();
		headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
		headers.setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
		return response.send(Mono.just(Unpooled.wrappedBuffer(json))).then();
	}

	/**
	 * Sends a documented refusal.
	 * @param response the response
	 * @param ex the refusal
	 * @return completes when written
	 */
	public static Mono<Void> refusal(HttpServerResponse response, ApiException ex) {
		return refusal(response, ex.status().value(), ex.body(), ex.retryAfterSeconds());
	}

	/**
	 * Sends a refusal.
	 * @param response the response
	 * @param status the status
	 * @param error the body
	 * @param retryAfterSeconds {@code Retry-After}, if any
	 * @return completes when written
	 */
	public static Mono<Void> refusal(HttpServerResponse response, int status, ApiError error,
			@Nullable Long retryAfterSeconds) {
		if (retryAfterSeconds != null) {
			response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
		}
		return json(response, status, error.toJson());
	}

	/**
	 * The body length a request declares.
	 * @param headers the request's headers
	 * @return its {@code Content-Length}, {@code 0} without a body, {@code -1} for a
	 * chunked body of unknown length
	 * @throws ApiException {@code 400} for an unreadable length
	 */
	public static long declaredLength(HttpHeaders headers) {
		String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		if (value == null) {
			return headers.contains(HttpHeaderNames.TRANSFER_ENCODING) ? -1 : 0;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			// The codec refuses an unreadable length before a route sees it.
			throw ApiException.badRequest("bad_request", "The request is malformed.");
		}
	}

}
