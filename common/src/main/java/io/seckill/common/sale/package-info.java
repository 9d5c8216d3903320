/**
 * Rules about sales that every Seckill process applies alike.
 */
@NullMarked
package io.seckill.common.sale;

import org.jspecify.annotations.NullMarked;
