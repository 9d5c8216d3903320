@NullMarked
package io.seckill.ingress;

import org.jspecify.annotations.NullMarked;
