/**
 * The one batch consumer both workers run: a queue's deliveries read as records, handed
 * over in batches, settled by {@link io.seckill.common.messaging.DeliveryHandler}.
 */
@NullMarked
package io.seckill.common.worker;

import org.jspecify.annotations.NullMarked;
