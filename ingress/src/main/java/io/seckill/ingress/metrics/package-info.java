/**
 * Operations metrics of the ingress: purchase latency, and the figures sampled once a
 * second (sale stock, queue depth, outbox backlog, order counts) that become gauges and
 * feed the dashboard.
 */
@NullMarked
package io.seckill.ingress.metrics;

import org.jspecify.annotations.NullMarked;
