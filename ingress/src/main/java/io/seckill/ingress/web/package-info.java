@NullMarked
package io.seckill.ingress.web;

import org.jspecify.annotations.NullMarked;
