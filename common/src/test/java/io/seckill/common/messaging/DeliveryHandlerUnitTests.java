package io.seckill.common.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import com.rabbitmq.client.Channel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.listener.ListenerExecutionFailedException;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class DeliveryHandlerUnitTests {

	private static final long TAG = 42;

	private final Channel channel = mock(Channel.class);

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	@Test
	void acknowledgesProcessedDeliveryAndCountsItsOutcome() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));

		handler.handle(this.channel, TAG, "p-1", () -> Outcome.RESERVED);

		verify(this.channel).basicAck(TAG, false);
		assertThat(messages("reserved")).isEqualTo(1);
		assertThat(this.meterRegistry.get(DeliveryHandler.PROCESS_METRIC).tag("worker", "test").timer().count())
			.isEqualTo(1);
	}

	@Test
	void deadLettersPoisonAtOnceWithoutRequeue() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		AtomicInteger attempts = new AtomicInteger();

		handler.handle(this.channel, TAG, "p-1", failing(attempts, new IllegalArgumentException("quantity 0")));

		verify(this.channel).basicReject(TAG, false);
		verify(this.channel, never()).basicAck(anyLong(), anyBoolean());
		assertThat(attempts).hasValue(1);
		assertThat(messages("dead_lettered")).isEqualTo(1);
	}

	@Test
	void retriesTransientFailureInPlaceUntilItSucceeds() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		AtomicInteger attempts = new AtomicInteger();

		handler.handle(this.channel, TAG, "p-1", () -> {
			if (attempts.incrementAndGet() < 3) {
				throw new CannotGetJdbcConnectionException("database down");
			}
			return Outcome.REJECTED;
		});

		verify(this.channel).basicAck(TAG, false);
		verify(this.channel, never()).basicReject(anyLong(), anyBoolean());
		assertThat(attempts).hasValue(3);
		assertThat(messages("retried")).isEqualTo(2);
		assertThat(messages("rejected")).isEqualTo(1);
	}

	@Test
	void leavesTransientFailureUnacknowledgedOnceTheApplicationIsClosing() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		handler.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
		AtomicInteger attempts = new AtomicInteger();

		handler.handle(this.channel, TAG, "p-1", failing(attempts, new CannotGetJdbcConnectionException("down")));

		verifyNoInteractions(this.channel);
		assertThat(attempts).hasValue(1);
		assertThat(messages("requeued")).isEqualTo(1);
	}

	@Test
	void closingCutsTheBackOffWaitShort() {
		DeliveryHandler handler = handler(Duration.ofMinutes(10));
		AtomicInteger attempts = new AtomicInteger();
		CompletableFuture<Void> handling = CompletableFuture.runAsync(() -> handler.handle(this.channel, TAG, "p-1",
				failing(attempts, new CannotGetJdbcConnectionException("down"))));
		await().atMost(Duration.ofSeconds(5)).until(() -> messages("retried") == 1);

		handler.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));

		await().atMost(Duration.ofSeconds(5)).until(handling::isDone);
		verifyNoInteractions(this.channel);
		assertThat(attempts).hasValue(1);
		assertThat(messages("requeued")).isEqualTo(1);
	}

	@Test
	void keepsRetryingWhenOnlyAChildContextCloses() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		StaticApplicationContext application = new StaticApplicationContext();
		StaticApplicationContext child = new StaticApplicationContext(application);
		handler.setApplicationContext(application);
		handler.onApplicationEvent(new ContextClosedEvent(child));
		AtomicInteger attempts = new AtomicInteger();

		handler.handle(this.channel, TAG, "p-1", () -> {
			if (attempts.incrementAndGet() < 2) {
				throw new CannotGetJdbcConnectionException("database down");
			}
			return Outcome.RESERVED;
		});

		verify(this.channel).basicAck(TAG, false);
		assertThat(messages("requeued")).isZero();
	}

	@Test
	void survivesAChannelThatCannotAcknowledge() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		willThrow(new IOException("channel closed")).given(this.channel).basicAck(TAG, false);

		handler.handle(this.channel, TAG, "p-1", () -> Outcome.DUPLICATE);

		assertThat(messages("duplicate")).isEqualTo(1);
	}

	@Test
	void rejectsUnreadableMessageWithoutRequeueDespiteManualAcknowledgement() {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		MessageProperties properties = new MessageProperties();
		properties.setMessageId("p-1");
		ListenerExecutionFailedException failure = new ListenerExecutionFailedException("conversion failed",
				new MessageConversionException("not JSON"), new Message("{".getBytes(), properties));

		assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
			.isThrownBy(() -> handler.rejectUnreadable(failure))
			.satisfies((ex) -> assertThat(ex.isRejectManual()).isTrue());
		assertThat(messages("dead_lettered")).isEqualTo(1);
	}

	@Test
	void acknowledgesAProcessedBatchWithOneMultipleAcknowledgement() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		Batch work = new Batch((records) -> records.stream().map((record) -> Outcome.RESERVED).toList());

		handler.handleBatch(this.channel, List.of(message(1, "p-1"), message(2, "p-2"), message(3, "p-3")), work);

		verify(this.channel).basicAck(3, true);
		verify(this.channel, never()).basicAck(anyLong(), eq(false));
		assertThat(work.processedOneByOne).isEmpty();
		assertThat(messages("reserved")).isEqualTo(3);
		assertThat(this.meterRegistry.get(DeliveryHandler.BATCH_SIZE_METRIC).summary().totalAmount()).isEqualTo(3);
	}

	@Test
	void deadLettersOnlyThePoisonWhenABatchFails() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		Batch work = new Batch((records) -> {
			throw new IllegalArgumentException("one of them is bad");
		});

		handler.handleBatch(this.channel, List.of(message(1, "p-1"), message(2, "bad"), message(3, "p-3")), work);

		verify(this.channel).basicAck(1, false);
		verify(this.channel).basicReject(2, false);
		verify(this.channel).basicAck(3, false);
		verify(this.channel, never()).basicAck(2, false);
		assertThat(work.processedOneByOne).containsExactly("p-1", "bad", "p-3");
		assertThat(messages("reserved")).isEqualTo(2);
		assertThat(messages("dead_lettered")).isEqualTo(1);
		assertThat(this.meterRegistry.get(DeliveryHandler.BATCH_FALLBACK_METRIC).counter().count()).isEqualTo(1);
	}

	@Test
	void deadLettersAnUnreadableDeliveryAndProcessesTheRestOfItsBatch() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		List<List<String>> batches = new ArrayList<>();
		Batch work = new Batch((records) -> {
			batches.add(records);
			return records.stream().map((record) -> Outcome.RESERVED).toList();
		});

		handler.handleBatch(this.channel, List.of(message(1, "p-1"), message(2, "unreadable"), message(3, "p-3")),
				work);

		assertThat(batches).containsExactly(List.of("p-1", "p-3"));
		InOrder settled = inOrder(this.channel);
		settled.verify(this.channel).basicReject(2, false);
		settled.verify(this.channel).basicAck(3, true);
		assertThat(messages("dead_lettered")).isEqualTo(1);
	}

	@Test
	void leavesAFailedBatchForRedeliveryOnceTheApplicationIsClosing() {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		handler.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
		Batch work = new Batch((records) -> {
			throw new CannotGetJdbcConnectionException("down");
		});

		handler.handleBatch(this.channel, List.of(message(1, "p-1"), message(2, "p-2")), work);

		verifyNoInteractions(this.channel);
		assertThat(work.processedOneByOne).isEmpty();
		assertThat(messages("requeued")).isEqualTo(2);
	}

	@Test
	void acknowledgesOneByOneOnceADeliveryWasLeftForRedelivery() throws IOException {
		DeliveryHandler handler = handler(Duration.ofMillis(1));
		handler.onApplicationEvent(new ContextClosedEvent(new StaticApplicationContext()));
		handler.handleBatch(this.channel, List.of(message(1, "p-1")), new Batch((records) -> {
			throw new CannotGetJdbcConnectionException("down");
		}));

		handler.handleBatch(this.channel, List.of(message(2, "p-2"), message(3, "p-3")),
				new Batch((records) -> records.stream().map((record) -> Outcome.RESERVED).toList()));

		verify(this.channel).basicAck(2, false);
		verify(this.channel).basicAck(3, false);
		verify(this.channel, never()).basicAck(anyLong(), eq(true));
	}

	private static Message message(long deliveryTag, String id) {
		MessageProperties properties = new MessageProperties();
		properties.setDeliveryTag(deliveryTag);
		properties.setMessageId(id);
		return new Message(id.getBytes(StandardCharsets.UTF_8), properties);
	}

	private DeliveryHandler handler(Duration backOff) {
		return new DeliveryHandler("test", "test.queue", this.meterRegistry, new FixedBackOff(backOff.toMillis()));
	}

	private double messages(String outcome) {
		Counter counter = this.meterRegistry.find(DeliveryHandler.MESSAGES_METRIC)
			.tags("worker", "test", "outcome", outcome)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * Batch work on message bodies as strings: {@code unreadable} cannot be read,
	 * {@code bad} is poison when processed alone.
	 */
	private static final class Batch implements BatchWork<String> {

		private final Function<List<String>, List<Outcome>> all;

		private final List<String> processedOneByOne = new ArrayList<>();

		Batch(Function<List<String>, List<Outcome>> all) {
			this.all = all;
		}

		@Override
		public String read(Message message) {
			String body = new String(message.getBody(), StandardCharsets.UTF_8);
			if (body.equals("unreadable")) {
				throw new MessageConversionException("not JSON");
			}
			return body;
		}

		@Override
		public String messageId(String message) {
			return message;
		}

		@Override
		public List<Outcome> processAll(List<String> messages) {
			return this.all.apply(messages);
		}

		@Override
		public Outcome processOne(String message) {
			this.processedOneByOne.add(message);
			if (message.equals("bad")) {
				throw new IllegalArgumentException("bad message");
			}
			return Outcome.RESERVED;
		}

	}

	private static Supplier<Outcome> failing(AtomicInteger attempts, RuntimeException failure) {
		return () -> {
			attempts.incrementAndGet();
			throw failure;
		};
	}

	/** What a worker's work answers; the handler only counts it by name. */
	enum Outcome {

		RESERVED, REJECTED, DUPLICATE

	}

}
