package io.seckill.common.redis;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SentinelEventUnitTests {

	@Test
	void readsTheMasterNameOfAnEventAboutTheMaster() {
		SentinelEvent event = event("+sdown", "master seckill 127.0.0.1 6380");

		assertThat(event.masterName()).isEqualTo("seckill");
		assertThat(event.concerns("seckill")).isTrue();
		assertThat(event.concerns("other")).isFalse();
	}

	@Test
	void readsTheMasterNameAfterTheAtOfAnEventAboutAReplica() {
		SentinelEvent event = event("+sdown", "slave 127.0.0.1:6381 127.0.0.1 6381 @ seckill 127.0.0.1 6380");

		assertThat(event.masterName()).isEqualTo("seckill");
	}

	@Test
	void readsTheNewMasterOfASwitch() {
		SentinelEvent event = event("+switch-master", "seckill 127.0.0.1 6380 127.0.0.1 6382");

		assertThat(event.masterName()).isEqualTo("seckill");
		assertThat(event.switchedTo()).isEqualTo(new HostAndPort("127.0.0.1", 6382));
	}

	@Test
	void readsTheAddressOfTheMasterAnEventIsAbout() {
		assertThat(event("+try-failover", "master seckill 127.0.0.1 6380").masterAddress())
			.contains(new HostAndPort("127.0.0.1", 6380));
		assertThat(event("+promoted-slave", "slave 127.0.0.1:6381 127.0.0.1 6381 @ seckill 127.0.0.1 6380")
			.masterAddress()).contains(new HostAndPort("127.0.0.1", 6380));
		assertThat(event("+switch-master", "seckill 127.0.0.1 6380 127.0.0.1 6382").masterAddress())
			.contains(new HostAndPort("127.0.0.1", 6380));
		assertThat(event("+tilt", "#tilt mode entered").masterAddress()).isEmpty();
	}

	@Test
	void treatsAnEventWithoutMasterAsConcerningEveryMaster() {
		SentinelEvent event = event("+tilt", "#tilt mode entered");

		assertThat(event.masterName()).isNull();
		assertThat(event.concerns("seckill")).isTrue();
	}

	@Test
	void refusesAMalformedSwitch() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> event("+switch-master", "seckill 127.0.0.1").switchedTo());
	}

	private static SentinelEvent event(String type, String detail) {
		return SentinelEvent.parse(Instant.parse("2026-11-25T10:00:00Z"), "127.0.0.1:26380", type, detail);
	}

}
