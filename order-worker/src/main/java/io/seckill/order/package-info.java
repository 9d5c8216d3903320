/**
 * The order-worker: turns reservations into orders awaiting payment and gives the stock
 * of unpaid ones back.
 */
@NullMarked
package io.seckill.order;

import org.jspecify.annotations.NullMarked;
