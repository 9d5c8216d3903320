/**
 * The reservation-worker: drains {@code seckill.reservations} and lets the database
 * decide who gets the last items.
 */
@NullMarked
package io.seckill.reservation;

import org.jspecify.annotations.NullMarked;
