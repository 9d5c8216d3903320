package io.seckill.ingress.web;

import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Long-polls ({@code GET} with {@code ?wait=}, issue 11) served straight on Reactor Netty
 * ahead of Spring WebFlux, as the purchase is (issue 10). A poll that waits holds its
 * answer until something changes; through WebFlux it held the exchange, the security
 * filter chain's subscribers and the observation contexts as well, some 35 KB of heap per
 * waiting poll, so that 10,000 of them did not fit a 256 MB ingress. Here it holds its
 * connection, a few operators and what its own wait needs.
 *
 * <p>
 * Every answer is the one WebFlux gave, checked in the same order: the address's budget
 * ({@code 429}) and the declared body size ({@code 413}), refused before Spring Security
 * and so without its headers; then, with Spring Security's default headers, the bearer
 * token ({@code 401}, the first {@code Authorization} header, as Spring Security reads
 * it), what the client accepts ({@code 406}, as the handler mapping decides it), then the
 * poll's own answer or refusal ({@code ?wait=}, ownership), in the documented JSON.
 * Addresses a poll does not recognise as its own, well-formed ones go on to Spring
 * WebFlux and its controllers, which answer them as before. Each answer counts in
 * {@code seckill.poll.answers{poll,status}}.
 */
public final class PollRoutes {

	private static final Pattern BEARER = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private static final String WAIT = "wait";

	private static final String METRIC = "seckill.poll.answers";

	/** What Spring Security's default header writers add to every answer of its chain. */
	private static final HttpHeaders SECURITY_HEADERS = new DefaultHttpHeaders()
		.add(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate")
		.add(HttpHeaderNames.PRAGMA, "no-cache")
		.add(HttpHeaderNames.EXPIRES, "0")
		.add("X-Content-Type-Options", "nosniff")
		.add("X-Frame-Options", "DENY")
		.add("X-XSS-Protection", "0")
		.add("Referrer-Policy", "no-referrer");

	private final Consumer<@Nullable SocketAddress> addressBudget;

	private final Function<String, Mono<String>> subjects;

	private final JsonMapper json;

	private final PublicPort port;

	private final long maxBodyBytes;

	private final MeterRegistry meters;

	/**
	 * @param addressBudget takes one request's worth of the client address's budget,
	 * throwing the {@code 429} refusal when it is spent
	 * @param subjects the shopper a bearer token speaks for, empty if it does not verify
	 * @param json the application's mapper
	 * @param port the public port
	 * @param maxBodyBytes the largest body a request may declare
	 * @param meters where answers are counted
	 */
	public PollRoutes(Consumer<@Nullable SocketAddress> addressBudget, Function<String, Mono<String>> subjects,
			JsonMapper json, PublicPort port, long maxBodyBytes, MeterRegistry meters) {
		this.addressBudget = addressBudget;
		this.subjects = subjects;
		this.json = json;
		this.port = port;
		this.maxBodyBytes = maxBodyBytes;
		this.meters = meters;
	}

	/**
	 * A route for one long-poll.
	 * @param name the poll's name, the {@code poll} tag of its answers
	 * @param address the ids in a request path (no query) that is this poll's well-formed
	 * address, as sent (no decoding); {@code null} for any other path
	 * @param poll answers the poll
	 * @return the route
	 */
	public NettyRouteProvider route(String name, Function<String, @Nullable List<String>> address, Poll poll) {
		return new Route(name, address, poll);
	}

	/**
	 * Answers one poll of a verified shopper whose client accepts JSON.
	 */
	@FunctionalInterface
	public interface Poll {

		/**
		 * The poll's answer, once its wait allows.
		 * @param ids the ids its address named
		 * @param wait the {@code ?wait=} parameter as a controller gets it: decoded,
		 * {@code null} if absent or without a value, several joined by commas
		 * @param subject the shopper
		 * @return the answer to write as JSON, or a refusal ({@link ApiException})
		 */
		Mono<?> answer(List<String> ids, @Nullable String wait, String subject);

	}

	private final class Route implements NettyRouteProvider {

		private final String name;

		private final Function<String, @Nullable List<String>> address;

		private final Poll poll;

		private final Map<Integer, Counter> answers = new ConcurrentHashMap<>();

		Route(String name, Function<String, @Nullable List<String>> address, Poll poll) {
			this.name = name;
			this.address = address;
			this.poll = poll;
		}

		@Override
		public HttpServerRoutes apply(HttpServerRoutes routes) {
			return routes.route(this::matches, this::answer);
		}

		private boolean matches(HttpServerRequest request) {
			return request.method() == HttpMethod.GET && this.address.apply(path(request.uri())) != null
					&& PollRoutes.this.port.accepts(request);
		}

		private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
			HttpHeaders headers = request.requestHeaders();
			try {
				PollRoutes.this.addressBudget.accept(request.remoteAddress());
				if (EdgeAnswers.declaredLength(headers) > PollRoutes.this.maxBodyBytes) {
					throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
							"The request body is too large.");
				}
			}
			catch (ApiException ex) {
				return refuse(response, ApiErrors.answer(ex));
			}
			String uri = request.uri();
			List<String> ids = Objects.requireNonNull(this.address.apply(path(uri)));
			return authenticate(headers).flatMap((subject) -> {
				requireAcceptsJson(headers.getAll(HttpHeaderNames.ACCEPT));
				return this.poll.answer(ids, waitParameter(uri), subject);
			})
				.map((answer) -> Reply.ok(PollRoutes.this.json.writeValueAsBytes(answer)))
				.switchIfEmpty(Mono.error(() -> new IllegalStateException("The " + this.name + " poll had no answer")))
				.onErrorResume((ex) -> Mono.just(Reply.refused(ApiErrors.answer(ex))))
				.flatMap((reply) -> {
					// Added once answering, not held by every waiting poll.
					response.responseHeaders().add(SECURITY_HEADERS);
					ApiErrors.Answer refusal = reply.refusal();
					return (refusal != null) ? refuse(response, refusal) : ok(response, reply);
				});
		}

		private Mono<Void> ok(HttpServerResponse response, Reply reply) {
			count(200);
			return EdgeAnswers.json(response, 200, Objects.requireNonNull(reply.body()));
		}

		private Mono<String> authenticate(HttpHeaders headers) {
			String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
			Matcher bearer = (authorization != null) ? BEARER.matcher(authorization) : null;
			if (bearer == null || !bearer.matches()) {
				return Mono.error(unauthorized());
			}
			return PollRoutes.this.subjects.apply(bearer.group("token"))
				.switchIfEmpty(Mono.error(PollRoutes::unauthorized));
		}

		private Mono<Void> refuse(HttpServerResponse response, ApiErrors.Answer answer) {
			int status = answer.status().value();
			count(status);
			answer.headers().forEach((name, values) -> response.responseHeaders().set(name, values));
			if (status == 401) {
				response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
			}
			return EdgeAnswers.json(response, status, answer.body().toJson());
		}

		private void count(int status) {
			this.answers
				.computeIfAbsent(status,
						(code) -> Counter.builder(METRIC)
							.description("Long-polls answered on the lean route, by poll and HTTP status")
							.tag("poll", this.name)
							.tag("status", Integer.toString(code))
							.register(PollRoutes.this.meters))
				.increment();
		}

	}

	/**
	 * A poll's answer or its refusal.
	 *
	 * @param body the answer's JSON
	 * @param refusal the refusal otherwise
	 */
	private record Reply(byte @Nullable [] body, ApiErrors.@Nullable Answer refusal) {

		static Reply ok(byte[] body) {
			return new Reply(body, null);
		}

		static Reply refused(ApiErrors.Answer refusal) {
			return new Reply(null, refusal);
		}

	}

	private static ApiException unauthorized() {
		ApiError error = HttpErrors.forStatus(401);
		return new ApiException(HttpStatus.UNAUTHORIZED, error.error(), error.message());
	}

	/**
	 * Whether the client accepts JSON, as WebFlux's handler mapping decides for a
	 * controller that produces {@code application/json}: any accepted type compatible
	 * with it will do, whatever its quality; none, or an unreadable header, is
	 * {@code 406}.
	 */
	static void requireAcceptsJson(List<String> accept) {
		if (accept.isEmpty()) {
			return;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			throw notAcceptable();
		}
		if (types.isEmpty()) {
			return;
		}
		for (MediaType type : types) {
			if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				return;
			}
		}
		throw notAcceptable();
	}

	private static ApiException notAcceptable() {
		ApiError error = HttpErrors.forStatus(406);
		return new ApiException(HttpStatus.NOT_ACCEPTABLE, error.error(), error.message());
	}

	/**
	 * The {@code wait} query parameter as a WebFlux controller's {@code @RequestParam}
	 * gets it: names and values URL-decoded, a name without {@code =} has no value, and
	 * several values are joined by commas.
	 */
	static @Nullable String waitParameter(String uri) {
		int query = uri.indexOf('?');
		if (query < 0) {
			return null;
		}
		List<@Nullable String> values = new ArrayList<>(1);
		for (String pair : uri.substring(query + 1).split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals < 0) ? pair : pair.substring(0, equals);
			if (!name.isEmpty() && WAIT.equals(decode(name))) {
				values.add((equals < 0) ? null : decode(pair.substring(equals + 1)));
			}
		}
		if (values.isEmpty()) {
			return null;
		}
		if (values.size() == 1) {
			return values.get(0);
		}
		return String.join(",", values.stream().map((value) -> Objects.toString(value, "")).toList());
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("bad_request", "The request is malformed.");
		}
	}

	private static String path(String uri) {
		int query = uri.indexOf('?');
		return (query >= 0) ? uri.substring(0, query) : uri;
	}

}
