@NullMarked
package io.seckill.ingress.security;

import org.jspecify.annotations.NullMarked;
