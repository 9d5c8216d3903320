package io.seckill.ingress.web;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Failures that reach no controller (a filter's, the codec's, the router's) in the
 * documented {@code {"error","message"}} shape, always JSON whatever {@code Accept} asked
 * for: the API has no HTML. Runs before Spring Boot's own error handler.
 */
class JsonErrorHandler implements WebExceptionHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		ApiErrors.Answer answer = ApiErrors.answer(ex);
		response.setStatusCode(answer.status());
		response.getHeaders().addAll(answer.headers());
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		DataBuffer body = response.bufferFactory().wrap(answer.body().toJson());
		return response.writeWith(Mono.just(body));
	}

}
