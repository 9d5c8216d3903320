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
 * A deadline on a request's line and headers, from their first byte: Reactor Netty's idle
 * timeout is reset by every byte, so a client sending one header byte a second would hold
 * the connection forever (and enough of them every connection). The deadline starts at
 * the first raw byte of a request, seen by {@link #bytes()} ahead of the HTTP codec, and
 * ends when the codec hands the request on, seen by {@link #requests()} after it; the
 * body has its own timeout (Reactor Netty's request timeout). When it passes, the client
 * gets {@code 408} and the connection is closed.
 *
 * <p>
 * One timer per connection checks the deadline lazily, so a request costs two field
 * writes, not a timer of its own.
 */
final class HeaderDeadline {

	private final long timeoutNanos;

	private @Nullable ScheduledFuture<?> check;

	private @Nullable ChannelHandlerContext responder;

	/** When the current request's first byte came; 0 when no request is being read. */
	private long startedAt;

	private boolean inRequest;

	HeaderDeadline(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	/**
	 * The handler to put ahead of the HTTP codec.
	 * @return the handler
	 */
	ChannelInboundHandlerAdapter bytes() {
		return new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object message) {
				if (message instanceof ByteBuf && !HeaderDeadline.this.inRequest
						&& HeaderDeadline.this.startedAt == 0) {
					start(ctx);
				}
				ctx.fireChannelRead(message);
			}

			@Override
			public void channelInactive(ChannelHandlerContext ctx) {
				ScheduledFuture<?> current = HeaderDeadline.this.check;
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
				HeaderDeadline.this.responder = ctx;
			}

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object message) {
				if (message instanceof HttpRequest) {
					HeaderDeadline.this.startedAt = 0;
					HeaderDeadline.this.inRequest = true;
				}
				if (message instanceof LastHttpContent) {
					HeaderDeadline.this.inRequest = false;
				}
				ctx.fireChannelRead(message);
			}

		};
	}

	private void start(ChannelHandlerContext ctx) {
		this.startedAt = Math.max(1, System.nanoTime());
		if (this.check == null) {
			schedule(ctx, this.timeoutNanos);
		}
	}

	private void schedule(ChannelHandlerContext ctx, long delayNanos) {
		this.check = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
	}

	private void check(ChannelHandlerContext ctx) {
		this.check = null;
		long started = this.startedAt;
		if (started == 0 || !ctx.channel().isActive()) {
			return;
		}
		long left = started + this.timeoutNanos - System.nanoTime();
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
		// Written from right after the codec, so only the codec's encoder sees it: no
		// request reached Reactor Netty's handlers, which would not expect an answer.
		codecSide.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

}
