@NullMarked
package io.seckill.ingress.sale;

import org.jspecify.annotations.NullMarked;
