@NullMarked
package io.seckill.ingress.ratelimit;

import org.jspecify.annotations.NullMarked;
