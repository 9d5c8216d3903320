/**
 * The reservation-worker's decisions as the ingress reads them: a purchase's fate before
 * its order exists, the rejections a failover may have lost in Redis, and the counts
 * operators watch.
 */
@NullMarked
package io.seckill.ingress.reservation;

import org.jspecify.annotations.NullMarked;
