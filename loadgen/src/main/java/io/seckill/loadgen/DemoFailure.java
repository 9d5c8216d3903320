package io.seckill.loadgen;

/**
 * The demo could not run to its report, for instance because the sale was refused.
 */
class DemoFailure extends RuntimeException {

	DemoFailure(String message) {
		super(message);
	}

}
