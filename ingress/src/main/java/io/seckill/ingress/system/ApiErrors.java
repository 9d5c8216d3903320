package io.seckill.ingress.system;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every outcome to the documented status and a {@code {"error","message"}} body.
 * Never a stack trace: unexpected failures are logged here and answered with a sentence.
 */
@RestControllerAdvice
class ApiErrors {

	private static final Log logger = LogFactory.getLog(ApiErrors.class);

	@ExceptionHandler
	ResponseEntity<ApiError> on(ApiException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status())
			.contentType(MediaType.APPLICATION_JSON);
		if (ex.retryAfterSeconds() != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
		}
		return response.body(new ApiError(ex.code(), ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(MethodArgumentNotValidException ex) {
		FieldError field = ex.getBindingResult().getFieldError();
		String message = (field != null) ? field.getField() + " " + field.getDefaultMessage()
				: "The request body is invalid.";
		return error(HttpStatus.BAD_REQUEST, "invalid_request", message);
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(HandlerMethodValidationException ex) {
		String message = ex.getAllErrors()
			.stream()
			.findFirst()
			.map((error) -> error.getDefaultMessage())
			.orElse("The request is invalid.");
		return error(HttpStatus.BAD_REQUEST, "invalid_request", message);
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(HttpMessageNotReadableException ex) {
		PayloadTooLargeException tooLarge = tooLarge(ex);
		if (tooLarge != null) {
			return error(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", tooLarge.getMessage());
		}
		return error(HttpStatus.BAD_REQUEST, "malformed_body",
				"The request body is not valid JSON of the expected shape (unknown or mistyped fields are refused).");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(MethodArgumentTypeMismatchException ex) {
		return error(HttpStatus.BAD_REQUEST, "invalid_request", "Parameter '" + ex.getName() + "' has the wrong type.");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(MissingRequestHeaderException ex) {
		String code = "Idempotency-Key".equalsIgnoreCase(ex.getHeaderName()) ? "missing_idempotency_key"
				: "missing_header";
		return error(HttpStatus.BAD_REQUEST, code, "The header " + ex.getHeaderName() + " is required.");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(HttpMediaTypeNotSupportedException ex) {
		return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json.");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(HttpMediaTypeNotAcceptableException ex) {
		return error(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This API answers application/json only.");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(HttpRequestMethodNotSupportedException ex) {
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ApiError("method_not_allowed", "Method " + ex.getMethod() + " is not allowed here."));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(NoResourceFoundException ex) {
		return error(HttpStatus.NOT_FOUND, "not_found", "There is nothing at this address.");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(Exception ex) {
		PayloadTooLargeException tooLarge = tooLarge(ex);
		if (tooLarge != null) {
			return error(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", tooLarge.getMessage());
		}
		if (ex instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
			// Spring MVC's own refusals not mapped above: still the client's mistake, not
			// a 500.
			return ResponseEntity.status(response.getStatusCode())
				.contentType(MediaType.APPLICATION_JSON)
				.body(HttpErrors.forStatus(response.getStatusCode().value()));
		}
		logger.error("Unexpected failure answering a request", ex);
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
			.contentType(MediaType.APPLICATION_JSON)
			.body(HttpErrors.internalError());
	}

	private static @Nullable PayloadTooLargeException tooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PayloadTooLargeException tooLarge) {
				return tooLarge;
			}
		}
		return null;
	}

	private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
		// Set rather than negotiated: a client that accepts only text/html still gets the
		// documented JSON, not a second failure.
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message));
	}

}
