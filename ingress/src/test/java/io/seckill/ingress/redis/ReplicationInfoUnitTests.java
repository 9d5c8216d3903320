package io.seckill.ingress.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicationInfoUnitTests {

	@Test
	void readsTheRoleAndTheOnlineReplicasOfAMaster() {
		ReplicationInfo info = ReplicationInfo.parse("""
				# Replication\r
				role:master\r
				connected_slaves:3\r
				min_slaves_good_slaves:2\r
				slave0:ip=127.0.0.1,port=6391,state=online,offset=1420,lag=0\r
				slave1:ip=127.0.0.1,port=6392,state=wait_bgsave,offset=0,lag=0\r
				slave2:ip=redis-replica-2,port=6379,state=online,offset=1420,lag=1\r
				master_failover_state:no-failover\r
				master_replid:5b2c0e7c9b0f8a1d2e3f4a5b6c7d8e9f0a1b2c3d\r
				""");

		assertThat(info.master()).isTrue();
		assertThat(info.onlineReplicas()).containsExactly("127.0.0.1:6391", "redis-replica-2:6379");
	}

	@Test
	void aReplicaIsNoMaster() {
		ReplicationInfo info = ReplicationInfo.parse("""
				# Replication
				role:slave
				master_host:127.0.0.1
				master_port:6390
				master_link_status:up
				connected_slaves:0
				""");

		assertThat(info.master()).isFalse();
		assertThat(info.onlineReplicas()).isEmpty();
	}

}
