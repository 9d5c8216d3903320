/**
 * The live operations dashboard: {@code GET /dashboard} (a static page) and the admin
 * JSON it polls, {@code GET /api/admin/dashboard}, backed by the last minutes of samples
 * kept in memory.
 */
@NullMarked
package io.seckill.ingress.dashboard;

import org.jspecify.annotations.NullMarked;
