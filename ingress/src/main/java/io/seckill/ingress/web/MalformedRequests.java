package io.seckill.ingress.web;

import java.util.Iterator;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Answers the requests the HTTP codec could not read, or that ask for what the API does
 * not speak, in the documented JSON shape and closes the connection: Reactor Netty would
 * answer them with an empty body. A malformed request line or header is {@code 400}, a
 * request line over the limit {@code 414}, headers over it {@code 431}, an HTTP version
 * other than 1.x {@code 505}, a transfer coding other than {@code chunked} (which the
 * body would have to be decoded from) {@code 501}, a header value with other than
 * printable ASCII {@code 400}. Sits right after the codec, so nothing of such a request
 * reaches a route.
 */
final class MalformedRequests extends ChannelInboundHandlerAdapter {

	/** RFC 3986's reserved and unreserved characters, letters and digits aside. */
	private static final String URI_CHARACTERS = "-._~:/?#[]@!$&'()*+,;=";

	private boolean discarding;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (message instanceof HttpRequest request) {
			HttpResponseStatus refusal = refusal(request);
			if (refusal != null) {
				this.discarding = true;
				ReferenceCountUtil.release(message);
				refuse(ctx, refusal);
				return;
			}
		}
		else if (this.discarding && message instanceof HttpContent) {
			ReferenceCountUtil.release(message);
			return;
		}
		ctx.fireChannelRead(message);
	}

	private static @Nullable HttpResponseStatus refusal(HttpRequest request) {
		DecoderResult result = request.decoderResult();
		if (result.isFailure()) {
			Throwable cause = result.cause();
			if (cause instanceof TooLongHttpLineException) {
				return HttpResponseStatus.REQUEST_URI_TOO_LONG;
			}
			if (cause instanceof TooLongHttpHeaderException) {
				return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
			}
			return (cause instanceof TooLongFrameException) ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
					: HttpResponseStatus.BAD_REQUEST;
		}
		if (request.protocolVersion().majorVersion() != 1) {
			return HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
		}
		if (!asciiHeaders(request) || !wellFormedTarget(request.uri())) {
			return HttpResponseStatus.BAD_REQUEST;
		}
		if (!request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return null;
		}
		for (String header : request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
			for (String coding : header.split(",")) {
				if (!HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(coding.trim())) {
					return HttpResponseStatus.NOT_IMPLEMENTED;
				}
			}
		}
		return null;
	}

	/**
	 * Whether every header value is printable ASCII. HTTP allows other bytes as opaque
	 * data, but nothing this API reads (tokens, keys, media types, dates) can hold them,
	 * and a parser that meets them fails in ways of its own (issue 12: a {@code 500}, an
	 * empty {@code 400}): such a request is refused here, the same way whatever it asks.
	 */
	private static boolean asciiHeaders(HttpRequest request) {
		Iterator<Map.Entry<CharSequence, CharSequence>> headers = request.headers().iteratorCharSequence();
		while (headers.hasNext()) {
			CharSequence value = headers.next().getValue();
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if ((c < 0x20 && c != '\t') || c > 0x7e) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Whether the request target is made of the characters a URI may hold, each {@code %}
	 * followed by two hex digits: anything else would fail deep in the server adapter,
	 * which answers it with an empty {@code 400}.
	 */
	static boolean wellFormedTarget(String uri) {
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '%') {
				if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
						|| Character.digit(uri.charAt(i + 2), 16) < 0) {
					return false;
				}
				i += 2;
			}
			else if (c >= 0x80 || URI_CHARACTERS.indexOf(c) < 0 && !Character.isLetterOrDigit(c)) {
				return false;
			}
		}
		return true;
	}

	private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status) {
		byte[] body = HttpErrors.forStatus(status.code()).toJson();
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

}
