@NullMarked
package io.seckill.ingress.purchase;

import org.jspecify.annotations.NullMarked;
