package io.seckill.ingress.web;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The port the public API listens on, once it does. The routes that run ahead of Spring
 * WebFlux are defined once for the application, and the management server (its own port,
 * a child context) would otherwise pick them up too.
 */
public final class PublicPort implements ApplicationListener<WebServerInitializedEvent> {

	private volatile int port = -1;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.port = event.getWebServer().getPort();
		}
	}

	/**
	 * Whether a request came in on the public port.
	 * @param request the request
	 * @return whether it did
	 */
	public boolean accepts(HttpServerRequest request) {
		if (!(request instanceof Connection connection)) {
			return false;
		}
		SocketAddress local = connection.channel().localAddress();
		return local instanceof InetSocketAddress address && address.getPort() == this.port;
	}

}
