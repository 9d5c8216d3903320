package io.seckill.ingress.system;

/**
 * The body of every refusal.
 *
 * @param error stable machine-readable code
 * @param message a human sentence
 */
public record ApiError(String error, String message) {
}
