package io.seckill.ingress.web;

import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Bounds request bodies of the calls Spring WebFlux answers: a declared
 * {@code Content-Length} over the limit is answered {@code 413} before a byte is read; a
 * body of unknown length (chunked) fails with {@link DataBufferLimitException}, answered
 * {@code 413} too, as soon as it passes the limit. (The codecs' own in-memory limit
 * covers what they aggregate; this covers every reader.)
 */
class BodyLimitWebFilter implements WebFilter {

	private final long maxBytes;

	BodyLimitWebFilter(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		long declared = request.getHeaders().getContentLength();
		if (declared > this.maxBytes) {
			return Mono.error(tooLarge());
		}
		if (declared >= 0) {
			return chain.filter(exchange);
		}
		ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				AtomicLong read = new AtomicLong();
				return super.getBody().handle((buffer, sink) -> {
					if (read.addAndGet(buffer.readableByteCount()) > BodyLimitWebFilter.this.maxBytes) {
						DataBufferUtils.release(buffer);
						sink.error(tooLarge());
					}
					else {
						sink.next(buffer);
					}
				});
			}

		};
		return chain.filter(exchange.mutate().request(limited).build());
	}

	private DataBufferLimitException tooLarge() {
		return new DataBufferLimitException("The request body is larger than " + this.maxBytes + " bytes.");
	}

}
