/**
 * Waiting rooms (issue 11): tickets, the serving counter's ticker, long-polls and the
 * operators' figures.
 */
@NullMarked
package io.seckill.ingress.room;

import org.jspecify.annotations.NullMarked;
