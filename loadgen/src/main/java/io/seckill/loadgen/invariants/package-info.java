/**
 * The DESIGN.md data invariants of a sale, read with plain SQL from the system of record:
 * {@code ./seckill invariants} and the system tests check them through the same queries.
 */
@NullMarked
package io.seckill.loadgen.invariants;

import org.jspecify.annotations.NullMarked;
