/**
 * Simulated shoppers: mints dev JWTs and drives a flash sale through the public HTTP API
 * (DESIGN.md, "HTTP contract"), then reports what the pipeline answered and decided. The
 * commands {@code ./seckill} runs to start a service, wait until it is ready and check a
 * sale's invariants sit here too, on the classes the system tests use ({@code service},
 * {@code invariants}).
 */
@NullMarked
package io.seckill.loadgen;

import org.jspecify.annotations.NullMarked;
