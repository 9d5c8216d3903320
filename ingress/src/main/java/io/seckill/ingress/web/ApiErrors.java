package io.seckill.ingress.web;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Maps every outcome to the documented status and a {@code {"error","message"}} body: the
 * controllers' refusals here, everything else through {@link JsonErrorHandler}, which
 * asks {@link #answer} too. Never a stack trace: unexpected failures are logged and
 * answered with a sentence.
 */
@RestControllerAdvice
public class ApiErrors {

	private static final Log logger = LogFactory.getLog(ApiErrors.class);

	@ExceptionHandler
	ResponseEntity<ApiError> on(Throwable ex) {
		Answer answer = answer(ex);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
			.contentType(MediaType.APPLICATION_JSON)
			.headers(answer.headers());
		return response.body(answer.body());
	}

	/**
	 * The documented answer to a failure.
	 * @param ex what went wrong
	 * @return status, extra headers and body
	 */
	public static Answer answer(Throwable ex) {
		if (ex instanceof ApiException api) {
			HttpHeaders headers = new HttpHeaders();
			if (api.retryAfterSeconds() != null) {
				headers.set(HttpHeaders.RETRY_AFTER, Long.toString(api.retryAfterSeconds()));
			}
			return new Answer(api.status(), headers, api.body());
		}
		if (find(ex, DataBufferLimitException.class) != null) {
			return plain(HttpStatus.CONTENT_TOO_LARGE,
					new ApiError("payload_too_large", "The request body is too large."));
		}
		if (ex instanceof WebExchangeBindException invalid) {
			FieldError field = invalid.getBindingResult().getFieldError();
			String message = (field != null) ? field.getField() + " " + field.getDefaultMessage()
					: "The request body is invalid.";
			return plain(HttpStatus.BAD_REQUEST, new ApiError("invalid_request", message));
		}
		if (ex instanceof HandlerMethodValidationException invalid) {
			String message = invalid.getAllErrors()
				.stream()
				.findFirst()
				.map((error) -> error.getDefaultMessage())
				.orElse("The request is invalid.");
			return plain(HttpStatus.BAD_REQUEST, new ApiError("invalid_request", message));
		}
		if (ex instanceof MissingRequestValueException missing) {
			String code = "Idempotency-Key".equalsIgnoreCase(missing.getName()) ? "missing_idempotency_key"
					: "missing_" + missing.getLabel().replace(' ', '_');
			return plain(HttpStatus.BAD_REQUEST,
					new ApiError(code, "The " + missing.getLabel() + " " + missing.getName() + " is required."));
		}
		if (ex instanceof ServerWebInputException input) {
			return plain(HttpStatus.BAD_REQUEST, inputError(input));
		}
		if (ex instanceof UnsupportedMediaTypeStatusException) {
			return plain(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					new ApiError("unsupported_media_type", "Send the body as application/json."));
		}
		if (ex instanceof NotAcceptableStatusException) {
			return plain(HttpStatus.NOT_ACCEPTABLE,
					new ApiError("not_acceptable", "This API answers application/json only."));
		}
		if (ex instanceof MethodNotAllowedException notAllowed) {
			return new Answer(HttpStatus.METHOD_NOT_ALLOWED, notAllowed.getHeaders(), new ApiError("method_not_allowed",
					"Method " + notAllowed.getHttpMethod() + " is not allowed here."));
		}
		if (ex instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
			// WebFlux's own refusals (no such route, ...): still the client's mistake.
			return new Answer(response.getStatusCode(), response.getHeaders(),
					HttpErrors.forStatus(response.getStatusCode().value()));
		}
		logger.error("Unexpected failure answering a request", ex);
		return plain(HttpStatus.INTERNAL_SERVER_ERROR, HttpErrors.internalError());
	}

	private static ApiError inputError(ServerWebInputException input) {
		if (find(input, DecodingException.class) != null || "No request body".equals(input.getReason())) {
			return new ApiError("malformed_body",
					"The request body is not valid JSON of the expected shape (unknown or mistyped fields are refused).");
		}
		if (input.getMethodParameter() != null) {
			String name = input.getMethodParameter().getParameterName();
			return new ApiError("invalid_request", "Parameter '" + name + "' has the wrong type.");
		}
		return new ApiError("bad_request", "The request is malformed.");
	}

	private static Answer plain(HttpStatusCode status, ApiError body) {
		return new Answer(status, HttpHeaders.EMPTY, body);
	}

	private static <T extends Throwable> @Nullable T find(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * A refusal as the client gets it.
	 *
	 * @param status the status
	 * @param headers headers that go with it ({@code Retry-After}, {@code Allow})
	 * @param body the JSON body
	 */
	public record Answer(HttpStatusCode status, HttpHeaders headers, ApiError body) {
	}

}
