@NullMarked
package io.seckill.common.purchase;

import org.jspecify.annotations.NullMarked;
