@NullMarked
package io.seckill.ingress.system;

import org.jspecify.annotations.NullMarked;
