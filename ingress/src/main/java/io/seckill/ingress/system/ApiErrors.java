package io.seckill.ingress.system;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
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
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.status());
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
		return error(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
				"Method " + ex.getMethod() + " is not allowed here.");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(NoResourceFoundException ex) {
		return error(HttpStatus.NOT_FOUND, "not_found", "There is nothing at this address.");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> on(Exception ex) {
		logger.error("Unexpected failure answering a request", ex);
		return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
				"Something went wrong on our side. Please try again.");
	}

	private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status).body(new ApiError(code, message));
	}

}
