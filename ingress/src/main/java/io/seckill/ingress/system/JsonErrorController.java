package io.seckill.ingress.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot's {@code /error} page in the documented shape. Refusals made outside the
 * controllers end here: Spring Security's firewall, the container's {@code sendError}, an
 * answer that could not be negotiated. Always JSON, whatever {@code Accept} asked for:
 * the API has no HTML.
 */
@RestController
class JsonErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ApiError> error(HttpServletRequest request) {
		// Called directly rather than forwarded to: there is no page here.
		int status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) ? code : 404;
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(HttpErrors.forStatus(status));
	}

}
