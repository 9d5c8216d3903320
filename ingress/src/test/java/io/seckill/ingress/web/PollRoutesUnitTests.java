package io.seckill.ingress.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The long-poll routes read {@code ?wait=} and {@code Accept} as WebFlux did for the
 * controllers they stand in for.
 */
class PollRoutesUnitTests {

	@Test
	void waitIsReadAsARequestParamIs() {
		assertThat(PollRoutes.waitParameter("/p")).isNull();
		assertThat(PollRoutes.waitParameter("/p?other=1")).isNull();
		assertThat(PollRoutes.waitParameter("/p?wait")).as("a name without a value").isNull();
		assertThat(PollRoutes.waitParameter("/p?wait=")).isEmpty();
		assertThat(PollRoutes.waitParameter("/p?wait=20s")).isEqualTo("20s");
		assertThat(PollRoutes.waitParameter("/p?a=1&wait=2%30s&b")).isEqualTo("20s");
		assertThat(PollRoutes.waitParameter("/p?w%61it=5")).isEqualTo("5");
		assertThat(PollRoutes.waitParameter("/p?wait=+1")).isEqualTo(" 1");
		assertThat(PollRoutes.waitParameter("/p?wait=1=2")).isEqualTo("1=2");
		assertThat(PollRoutes.waitParameter("/p?wait=1s&wait=2s")).isEqualTo("1s,2s");
		assertThat(PollRoutes.waitParameter("/p?wait&wait=2s")).isEqualTo(",2s");
		assertThat(PollRoutes.waitParameter("/p?=1&wait=3")).isEqualTo("3");
	}

	@Test
	void anUnreadableEscapeIsABadRequest() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> PollRoutes.waitParameter("/p?wait=%zz"))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST));
	}

	@Test
	void anyTypeCompatibleWithJsonIsAcceptedWhateverItsQuality() {
		for (String accept : List.of("", "*/*", "application/json", "application/*", "application/json;q=0", "*/*;q=0",
				"application/*+json", "text/html, application/json;q=0.1")) {
			assertThatNoException().as(accept).isThrownBy(() -> PollRoutes.requireAcceptsJson(List.of(accept)));
		}
		assertThatNoException().isThrownBy(() -> PollRoutes.requireAcceptsJson(List.of()));
		assertThatNoException().isThrownBy(() -> PollRoutes.requireAcceptsJson(List.of("text/html", "*/*")));
	}

	@Test
	void noTypeCompatibleWithJsonOrAnUnreadableHeaderIs406() {
		for (String accept : List.of("text/html", "text/*, application/xml", "application/problem+json", "foo",
				"application/json;q=x")) {
			assertThatExceptionOfType(ApiException.class).as(accept)
				.isThrownBy(() -> PollRoutes.requireAcceptsJson(List.of(accept)))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo("not_acceptable"));
		}
	}

}
