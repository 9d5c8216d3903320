package io.seckill.ingress.system;

import java.io.Writer;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.StreamUtils;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodyLimitFilterUnitTests {

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(DataSize.ofBytes(16),
			JsonMapper.builder().build());

	@Test
	void declaredLengthOverTheLimitIs413WithoutReadingOrCallingTheChain() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sales/s1/purchases");
		request.setContent(new byte[17]);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("the chain must not run");
		});

		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(response.getContentAsString()).contains("\"error\":\"payload_too_large\"");
	}

	@Test
	void bodyOfUnknownLengthFailsOnceItPassesTheLimit() {
		MockHttpServletRequest request = chunked(new byte[17]);
		FilterChain readAll = (req, res) -> StreamUtils.copyToByteArray(req.getInputStream());

		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> this.filter.doFilter(request, new MockHttpServletResponse(), readAll));
	}

	@Test
	void bodyWithinTheLimitIsReadWhole() throws Exception {
		byte[][] read = new byte[1][];
		FilterChain readAll = (req, res) -> read[0] = StreamUtils.copyToByteArray(req.getInputStream());

		this.filter.doFilter(chunked("{\"quantity\":1}".getBytes()), new MockHttpServletResponse(), readAll);

		assertThat(read[0]).asString().isEqualTo("{\"quantity\":1}");
	}

	@Test
	void readerIsLimitedToo() {
		MockHttpServletRequest request = chunked("x".repeat(40).getBytes());
		FilterChain readAll = (req, res) -> req.getReader().transferTo(Writer.nullWriter());

		assertThatExceptionOfType(PayloadTooLargeException.class)
			.isThrownBy(() -> this.filter.doFilter(request, new MockHttpServletResponse(), readAll));
	}

	private static MockHttpServletRequest chunked(byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sales/s1/purchases") {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent(body);
		return request;
	}

}
