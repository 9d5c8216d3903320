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
 * the connection forever (and enough of them every connection). The deadline is armed by
 * {@link #bytes()}, which sees the raw bytes ahead of the HTTP codec, and disarmed by
 * {@link #requests()}, which sees the decoded request after it; the body has its own
 * timeout (Reactor Netty's request timeout). When it passes, the client gets {@code 408}
 * and the connection is closed.
 */
final class HeaderDeadline {

	private final long timeoutNanos;

	private @Nullable ScheduledFuture<?> deadline;

	private @Nullable ChannelHandlerContext responder;

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
						&& HeaderDeadline.this.deadline == null) {
					arm(ctx);
				}
				ctx.fireChannelRead(message);
			}

			@Override
			public void channelInactive(ChannelHandlerContext ctx) {
				disarm();
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
					disarm();
					HeaderDeadline.this.inRequest = true;
				}
				if (message instanceof LastHttpContent) {
					HeaderDeadline.this.inRequest = false;
				}
				ctx.fireChannelRead(message);
			}

		};
	}

	private void arm(ChannelHandlerContext ctx) {
		this.deadline = ctx.executor().schedule(() -> expire(ctx), this.timeoutNanos, TimeUnit.NANOSECONDS);
	}

	private void disarm() {
		ScheduledFuture<?> current = this.deadline;
		if (current != null) {
			current.cancel(false);
			this.deadline = null;
		}
	}

	private void expire(ChannelHandlerContext ctx) {
		this.deadline = null;
		ChannelHandlerContext codecSide = this.responder;
		if (!ctx.channel().isActive() || codecSide == null) {
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
