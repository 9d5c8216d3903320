/**
 * Riding through Redis failovers: the replica barrier that makes an accepted purchase
 * durable before it is answered, the reconciliation of Redis against the database after a
 * master switch, the failover webhook and the admin view of the Sentinel topology.
 */
@NullMarked
package io.seckill.ingress.redis;

import org.jspecify.annotations.NullMarked;
