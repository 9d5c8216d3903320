@NullMarked
package io.seckill.common.redis;

import org.jspecify.annotations.NullMarked;
