/**
 * A Seckill service process during start-up: waited for until its health probe answers
 * UP, or told apart as dead or too slow with the end of its log. {@code ./seckill} and
 * the system tests wait for their services with the same code.
 */
@NullMarked
package io.seckill.loadgen.service;

import org.jspecify.annotations.NullMarked;
