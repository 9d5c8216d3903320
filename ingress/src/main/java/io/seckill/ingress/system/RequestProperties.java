package io.seckill.ingress.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may carry.
 *
 * @param maxBodySize largest accepted request body ({@code SECKILL_MAX_BODY_SIZE}); a
 * purchase is a few bytes and a sale a few hundred, so anything near the limit is not a
 * client of this API
 */
@Validated
@ConfigurationProperties("seckill.http")
record RequestProperties(@DefaultValue("8KB") DataSize maxBodySize) {
}
