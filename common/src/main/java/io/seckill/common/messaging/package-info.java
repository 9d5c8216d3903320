@NullMarked
package io.seckill.common.messaging;

import org.jspecify.annotations.NullMarked;
