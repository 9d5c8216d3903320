package io.seckill.ingress.system;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class JsonErrorControllerUnitTests {

	private final JsonErrorController controller = new JsonErrorController();

	@Test
	void answersTheForwardedStatusInTheDocumentedShape() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
		request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 400);

		ResponseEntity<ApiError> answer = this.controller.error(request);

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(answer.getBody()).isEqualTo(new ApiError("bad_request", "The request is malformed."));
	}

	@Test
	void calledDirectlyItIsNotFound() {
		ResponseEntity<ApiError> answer = this.controller.error(new MockHttpServletRequest("GET", "/error"));

		assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(answer.getBody().error()).isEqualTo("not_found");
	}

	@Test
	void everyStatusHasACodeAndASentenceAndServerErrorsSayNothingMore() {
		for (int status = 400; status < 600; status++) {
			ApiError error = HttpErrors.forStatus(status);
			assertThat(error.error()).as("status " + status).matches("[a-z_]+");
			assertThat(error.message()).as("status " + status).isNotBlank().doesNotContain("\"", "\\");
		}
		assertThat(HttpErrors.forStatus(500)).isEqualTo(HttpErrors.internalError());
		assertThat(HttpErrors.forStatus(409).error()).isEqualTo("conflict");
	}

}
