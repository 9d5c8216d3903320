/**
 * What every Seckill service shares: messages, queue topology, Redis keys and scripts.
 */
@NullMarked
package io.seckill.common;

import org.jspecify.annotations.NullMarked;
