package io.seckill.ingress.web;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request may carry and how long it may take to arrive.
 *
 * @param maxBodySize largest accepted request body; a purchase is a few bytes and a sale
 * a few hundred, so anything near the limit is not a client of this API
 * @param headerTimeout how long a request's line and headers may take to arrive, from
 * their first byte; a client that dribbles them byte by byte is cut off then, whatever it
 * sends meanwhile
 * @param bodyTimeout how long a request's body may take to arrive once its headers are in
 */
@Validated
@ConfigurationProperties("seckill.http")
public record RequestProperties(@DefaultValue("8KB") DataSize maxBodySize,
		@DefaultValue("10s") @DurationMin(millis = 100) Duration headerTimeout,
		@DefaultValue("10s") @DurationMin(millis = 100) Duration bodyTimeout) {
}
