package io.seckill.ingress.purchase;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

import io.seckill.ingress.metrics.PurchaseLatency;
import io.seckill.ingress.ratelimit.AddressRateLimit;
import io.seckill.ingress.room.Tickets;
import io.seckill.ingress.security.VerifiedTokens;
import io.seckill.ingress.security.VerifiedTokens.VerifiedToken;
import io.seckill.ingress.web.ApiException;
import io.seckill.ingress.web.EdgeAnswers;
import io.seckill.ingress.web.HttpErrors;
import io.seckill.ingress.web.PublicPort;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;

/**
 * {@code POST /api/sales/{saleId}/purchases}, served straight on Reactor Netty ahead of
 * Spring WebFlux (issue 10): a purchase is one Redis round trip plus the replica barrier,
 * and pays for nothing else — no exchange, filter chain, observation, handler mapping or
 * message converter around it. It keeps every check the contract promises, in the order a
 * client is told about them: the address's budget ({@code 429}), the declared body size
 * ({@code 413}), the bearer token ({@code 401}, verified once and remembered until it
 * expires), the body's type ({@code 415}), what the client accepts ({@code 406}), the
 * Idempotency-Key ({@code 400}), the body ({@code 400}, {@code 413}), then the sale
 * ({@link PurchaseService}). Requests whose address is not a well-formed purchase address
 * go on to Spring WebFlux, which refuses them as it refuses anything odd.
 */
final class PurchaseRoute implements NettyRouteProvider {

	private static final Log logger = LogFactory.getLog(PurchaseRoute.class);

	private static final String BEARER = "Bearer ";

	private static final byte[] NO_BODY = new byte[0];

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final PurchaseService purchases;

	private final VerifiedTokens tokens;

	private final AddressRateLimit addressLimit;

	private final PurchaseLatency latency;

	private final JsonMapper json;

	private final PublicPort port;

	private final long maxBodyBytes;

	PurchaseRoute(PurchaseService purchases, VerifiedTokens tokens, AddressRateLimit addressLimit,
			PurchaseLatency latency, JsonMapper json, PublicPort port, long maxBodyBytes) {
		this.purchases = purchases;
		this.tokens = tokens;
		this.addressLimit = addressLimit;
		this.latency = latency;
		this.json = json;
		this.port = port;
		this.maxBodyBytes = maxBodyBytes;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(this::matches, this::purchase);
	}

	private boolean matches(HttpServerRequest request) {
		return request.method() == HttpMethod.POST && PurchaseInput.saleId(request.uri()) != null
				&& this.port.accepts(request);
	}

	private Mono<Void> purchase(HttpServerRequest request, HttpServerResponse response) {
		long start = System.nanoTime();
		CompletableFuture<Answer> answer;
		try {
			answer = attempt(request, Objects.requireNonNull(PurchaseInput.saleId(request.uri())));
		}
		catch (ApiException ex) {
			answer = CompletableFuture.completedFuture(Answer.refused(ex));
		}
		return Mono.fromFuture(answer.exceptionally(Answer::failed), true)
			.flatMap((outcome) -> send(response, outcome, start));
	}

	private CompletableFuture<Answer> attempt(HttpServerRequest request, String saleId) {
		HttpHeaders headers = request.requestHeaders();
		this.addressLimit.check(request.remoteAddress());
		long declared = EdgeAnswers.declaredLength(headers);
		if (declared > this.maxBodyBytes) {
			throw tooLarge();
		}
		String token = bearerToken(headers);
		VerifiedToken shopper = this.tokens.remembered(token);
		if (shopper != null) {
			return afterAuthentication(request, headers, saleId, shopper, declared);
		}
		return this.tokens.verify(token)
			.toFuture()
			.thenCompose((verified) -> afterAuthentication(request, headers, saleId, verified, declared));
	}

	private CompletableFuture<Answer> afterAuthentication(HttpServerRequest request, HttpHeaders headers, String saleId,
			@Nullable VerifiedToken shopper, long declared) {
		if (shopper == null) {
			throw unauthorized();
		}
		boolean hasBody = declared > 0 || headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
		PurchaseInput.requireJson(headers.get(HttpHeaderNames.CONTENT_TYPE), hasBody);
		if (headers.contains(HttpHeaderNames.ACCEPT)) {
			PurchaseInput.requireAcceptsJson(headers.getAll(HttpHeaderNames.ACCEPT));
		}
		String key = PurchaseInput.idempotencyKey(headers.getAll(IDEMPOTENCY_KEY));
		String ticket = ticket(headers);
		if (declared == 0) {
			return purchase(saleId, shopper, 1, key, ticket);
		}
		return body(request, declared).toFuture()
			.thenCompose((bytes) -> purchase(saleId, shopper, PurchaseInput.quantity(bytes, this.json), key, ticket));
	}

	private CompletableFuture<Answer> purchase(String saleId, VerifiedToken shopper, int quantity, String key,
			@Nullable String ticket) {
		return this.purchases.purchase(saleId, shopper.subject(), quantity, key, ticket).thenApply(Answer::accepted);
	}

	/**
	 * The waiting room ticket (issue 11), checked for its shape only: whether it admits
	 * is the purchase script's to say, atomically with stock and limits.
	 */
	private static @Nullable String ticket(HttpHeaders headers) {
		String ticket = headers.get(TicketRefusals.HEADER);
		if (ticket != null && !Tickets.isWellFormed(ticket)) {
			throw TicketRefusals.invalid();
		}
		return ticket;
	}

	private Mono<byte[]> body(HttpServerRequest request, long declared) {
		ByteBufFlux received = request.receive();
		if (declared < 0) {
			// Chunked: refused as soon as it passes the limit, not once read whole.
			long[] read = { 0 };
			received = ByteBufFlux.fromInbound(received.doOnNext((ByteBuf buffer) -> {
				read[0] += buffer.readableBytes();
				if (read[0] > this.maxBodyBytes) {
					throw tooLarge();
				}
			}));
		}
		return received.aggregate().asByteArray().defaultIfEmpty(NO_BODY);
	}

	private Mono<Void> send(HttpServerResponse response, Answer answer, long start) {
		this.latency.record(System.nanoTime() - start, answer.status());
		if (answer.purchase() != null) {
			PurchaseAnswer accepted = answer.purchase();
			response.header(HttpHeaderNames.LOCATION, "/api/purchases/" + accepted.purchaseId());
			return EdgeAnswers.json(response, 202, ("{\"purchaseId\":\"" + accepted.purchaseId() + "\",\"status\":\""
					+ accepted.status().name() + "\"}")
				.getBytes(StandardCharsets.UTF_8));
		}
		ApiException refusal = answer.refusal();
		if (refusal.status() == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
		}
		return EdgeAnswers.refusal(response, refusal);
	}

	private static String bearerToken(HttpHeaders headers) {
		List<String> values = headers.getAll(HttpHeaderNames.AUTHORIZATION);
		if (values.size() != 1) {
			throw unauthorized();
		}
		String value = values.get(0);
		if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length()) || value.length() == BEARER.length()) {
			throw unauthorized();
		}
		return value.substring(BEARER.length());
	}

	private static ApiException unauthorized() {
		return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required.");
	}

	private ApiException tooLarge() {
		return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
				"The request body is larger than " + this.maxBodyBytes + " bytes.");
	}

	/**
	 * What the route answers: a purchase or a refusal.
	 *
	 * @param purchase the accepted (or replayed) purchase
	 * @param refusal the refusal otherwise
	 */
	private record Answer(@Nullable PurchaseAnswer purchase, ApiException refusal) {

		private static final ApiException NONE = new ApiException(HttpStatus.ACCEPTED, "accepted", "accepted");

		static Answer accepted(PurchaseAnswer purchase) {
			return new Answer(purchase, NONE);
		}

		static Answer refused(ApiException refusal) {
			return new Answer(null, refusal);
		}

		static Answer failed(Throwable failure) {
			Throwable cause = failure;
			while (cause instanceof CompletionException && cause.getCause() != null) {
				cause = cause.getCause();
			}
			if (cause instanceof ApiException refusal) {
				return refused(refusal);
			}
			logger.error("Unexpected failure answering a purchase", cause);
			return refused(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, HttpErrors.internalError().error(),
					HttpErrors.internalError().message()));
		}

		int status() {
			return (this.purchase != null) ? 202 : this.refusal.status().value();
		}

	}

}
