/**
 * Simulated shoppers: mints dev JWTs and drives a flash sale through the public HTTP API
 * (DESIGN.md, "HTTP contract"), then reports what the pipeline answered and decided.
 */
@NullMarked
package io.seckill.loadgen;

import org.jspecify.annotations.NullMarked;
