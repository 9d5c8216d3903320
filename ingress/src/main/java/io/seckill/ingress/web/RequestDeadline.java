package io.seckill.ingress.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;

/**
 * Deadlines on a request's line and headers, from their first byte, and on its body, from
 * the end of its headers: Reactor Netty's idle timeout is reset by every byte, so a
 * client sending one byte a second would hold the connection forever (and enough of them
 * every connection). The header deadline starts at the first raw byte of a request, seen
 * by {@link #bytes()} ahead of the HTTP codec, and ends when the codec hands the request
 * on, seen by {@link #requests()} after it; the body deadline starts there and ends with
 * the request's last content. When one passes, the client gets {@code 408} and the
 * connection is closed.
 *
 * <p>
 * One timer per connection checks the deadlines lazily, so a request costs a few field
 * writes, not a timer of its own. (Reactor Netty's own request timeout schedules a task
 * per request that holds the whole request until it fires, cancelled or not: at 10,000
 * requests a second and a 10 s timeout that is 100,000 requests kept in memory.)
 */
final class RequestDeadline {

	private final long headerNanos;

	private final long bodyNanos;

	private @Nullable ScheduledFuture<?> check;

	private @Nullable ChannelHandlerContext responder;

	/** When the current phase began ({@link System#nanoTime()}). */
	private long startedAt;

	private Phase phase = Phase.IDLE;

	RequestDeadline(Duration headerTimeout, Duration bodyTimeout) {
		this.headerNanos = headerTimeout.toNanos();
		this.bodyNanos = bodyTimeout.toNanos();
	}

	/**
	 * The handler to put ahead of the HTTP codec.
	 * @return the handler
	 */
	ChannelInboundHandlerAdapter bytes() {
		return new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object message) {
				if (message instanceof ByteBuf && RequestDeadline.this.phase == Phase.IDLE) {
					begin(ctx, Phase.HEADERS);
				}
				ctx.fireChannelRead(message);
			}

			@Override
			public void channelInactive(ChannelHandlerContext ctx) {
				ScheduledFuture<?> current = RequestDeadline.this.check;
				if (current != null) {
					current.cancel(false);
				}
				ctx.fireChannelInactive();
			}

		};
	}

	/**
	 * The handler to put right after the HTTP codec.
	 * @return the handler
	 */
	ChannelInboundHandlerAdapter requests() {
		return new ChannelInboundHandlerAdapter() {

			@Override
			public void handlerAdded(ChannelHandlerContext ctx) {
				RequestDeadline.this.responder = ctx;
			}

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object message) {
				if (message instanceof LastHttpContent) {
					RequestDeadline.this.phase = Phase.IDLE;
				}
				else if (message instanceof HttpRequest) {
					begin(ctx, Phase.BODY);
				}
				ctx.fireChannelRead(message);
			}

		};
	}

	private void begin(ChannelHandlerContext ctx, Phase next) {
		this.phase = next;
		this.startedAt = System.nanoTime();
		if (this.check == null) {
			schedule(ctx, (next == Phase.HEADERS) ? this.headerNanos : this.bodyNanos);
		}
	}

	private void schedule(ChannelHandlerContext ctx, long delayNanos) {
		this.check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
	}

	private void check(ChannelHandlerContext ctx) {
		this.check = null;
		Phase current = this.phase;
		if (current == Phase.IDLE || !ctx.channel().isActive()) {
			return;
		}
		long left = this.startedAt + ((current == Phase.HEADERS) ? this.headerNanos : this.bodyNanos)
				- System.nanoTime();
		if (left > 0) {
			schedule(ctx, left);
			return;
		}
		expire(ctx);
	}

	private void expire(ChannelHandlerContext ctx) {
		ChannelHandlerContext codecSide = this.responder;
		if (codecSide == null) {
			ctx.close();
			return;
		}
		byte[] body = HttpErrors.forStatus(408).toJson();
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(body));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		// Written from right after the codec, so only the codec's encoder sees it:
		// Reactor
		// Netty's handlers have no request yet (headers late) or still wait for its body,
		// which the close ends.
		codecSide.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

	private enum Phase {

		/** Between requests. */
		IDLE,

		/** Reading a request's line and headers. */
		HEADERS,

		/** Reading a request's body. */
		BODY

	}

}
