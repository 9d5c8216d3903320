package io.seckill.ingress.room;

/**
 * One waiting room's figures for operators (dashboard).
 *
 * @param saleId the sale
 * @param waiting shoppers in line, not yet admitted
 * @param admitted shoppers admitted so far
 * @param admittedPerSecond the admission rate
 * @param lastInLineSeconds until the last in line is admitted
 * @param abandoned admitted tickets whose window passed without a purchase
 */
public record WaitingRoomFigures(String saleId, long waiting, long admitted, double admittedPerSecond,
		double lastInLineSeconds, long abandoned) {
}
