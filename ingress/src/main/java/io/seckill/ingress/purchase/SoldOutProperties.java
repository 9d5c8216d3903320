package io.seckill.ingress.purchase;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The in-memory sold-out flag ({@link SoldOutFlags}).
 *
 * @param ttl how long a sale Redis called sold out is answered {@code 410} from memory,
 * i.e. the longest a shopper may be told "sold out" after stock came back (expiry,
 * rejection: it sells again within about twice this); {@code 0} asks Redis every time
 */
@Validated
@ConfigurationProperties("seckill.purchase.sold-out")
record SoldOutProperties(@DefaultValue("250ms") Duration ttl) {

	SoldOutProperties {
		if (ttl.isNegative()) {
			throw new IllegalArgumentException("seckill.purchase.sold-out.ttl must not be negative, not " + ttl);
		}
	}

}
