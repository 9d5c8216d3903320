@NullMarked
package io.seckill.ingress.relay;

import org.jspecify.annotations.NullMarked;
