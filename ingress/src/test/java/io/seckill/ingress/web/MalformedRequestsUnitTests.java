package io.seckill.ingress.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MalformedRequestsUnitTests {

	@Test
	void requestTargetsAreWellFormedOnlyWithUriCharactersAndCompleteEscapes() {
		for (String uri : new String[] { "/api/sales/x", "/api/sales/a%2A/purchases?x=1&y=%20",
				"/a;b=c/d@e!f$g'h(i)*+,", "/~user/x.y_z-" }) {
			assertThat(MalformedRequests.wellFormedTarget(uri)).as(uri).isTrue();
		}
		for (String uri : new String[] { "/api/sales/%zz", "/api/sales/%2", "/api/sales/%", "/a b", "/a{b}", "/a|b",
				"/caf\u00e9", "/a\"b", "/a<b>", "/a\\b" }) {
			assertThat(MalformedRequests.wellFormedTarget(uri)).as(uri).isFalse();
		}
	}

}
