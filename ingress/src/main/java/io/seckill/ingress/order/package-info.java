@NullMarked
package io.seckill.ingress.order;

import org.jspecify.annotations.NullMarked;
