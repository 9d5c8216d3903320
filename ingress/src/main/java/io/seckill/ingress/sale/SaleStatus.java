package io.seckill.ingress.sale;

/**
 * A sale's status as shoppers see it.
 */
public enum SaleStatus {

	SCHEDULED, OPEN, SOLD_OUT, ENDED

}
