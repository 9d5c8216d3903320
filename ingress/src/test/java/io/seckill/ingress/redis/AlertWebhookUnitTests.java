package io.seckill.ingress.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AlertWebhookUnitTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void noticesArriveInTheOrderTheyWerePosted() {
		try (NoticeReceiver receiver = new NoticeReceiver()) {
			AlertWebhook webhook = new AlertWebhook(receiver.url(), Duration.ofSeconds(2), JSON, "123@host");

			IntStream.range(0, 50).forEach((i) -> webhook.post(new Numbered(i)));

			assertThat(receiver.awaitNotices(50)).extracting((notice) -> notice.get("number").asInt())
				.isEqualTo(IntStream.range(0, 50).boxed().toList());
		}
	}

	@Test
	void withoutAWebhookNothingIsSent() throws Exception {
		AlertWebhook webhook = new AlertWebhook(null, Duration.ofSeconds(2), JSON, "123@host");

		assertThat(webhook.post(new Numbered(1)).get(1, TimeUnit.SECONDS)).isZero();
	}

	@Test
	void aDeadReceiverCostsALogLineNotAnException() throws Exception {
		NoticeReceiver receiver = new NoticeReceiver();
		receiver.close();
		AlertWebhook webhook = new AlertWebhook(receiver.url(), Duration.ofSeconds(1), JSON, "123@host");

		assertThat(webhook.post(new Numbered(1)).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
		assertThat(webhook.post(new Numbered(2)).get(5, TimeUnit.SECONDS)).as("the next notice is still sent")
			.isEqualTo(-1);
	}

	@Test
	void refusesAWebhookThatIsNotAnHttpUrl() {
		assertThat(AlertWebhook.url(" ")).isNull();
		assertThat(AlertWebhook.url("https://alerts.example.com/hook")).hasHost("alerts.example.com");
		assertThatIllegalStateException().isThrownBy(() -> AlertWebhook.url("ftp://alerts.example.com/hook"))
			.withMessageContaining("SECKILL_ALERT_WEBHOOK");
		assertThatIllegalStateException().isThrownBy(() -> AlertWebhook.url("alerts.example.com/hook"))
			.withMessageContaining("SECKILL_ALERT_WEBHOOK");
	}

	record Numbered(int number) {
	}

}
