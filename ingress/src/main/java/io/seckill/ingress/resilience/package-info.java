@NullMarked
package io.seckill.ingress.resilience;

import org.jspecify.annotations.NullMarked;
