package io.seckill.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * The bench report as one self-contained HTML page: the text report, then latency and
 * backlog charts drawn as inline SVG (no script, no CDN, opens from disk).
 */
final class BenchHtml {

	private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
			"#e377c2" };

	private static final int WIDTH = 760;

	private static final int HEIGHT = 320;

	private static final int LEFT = 70;

	private static final int RIGHT = 150;

	private static final int TOP = 30;

	private static final int BOTTOM = 45;

	private BenchHtml() {
	}

	static String render(JsonNode report, String text) {
		StringBuilder html = new StringBuilder();
		html.append("""
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><title>Seckill bench</title>
				<style>
				body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 980px; }
				pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 13px; }
				svg { background: #fff; border: 1px solid #ddd; margin: 0.5em 0 1.5em; }
				svg text { font-size: 12px; font-family: system-ui, sans-serif; }
				</style></head><body>
				<h1>Seckill bench</h1>
				""");
		html.append("<pre>").append(escape(text)).append("</pre>\n");
		html.append("<h2>Latency by percentile</h2>\n<p>Closed loop (wrk, fixed concurrency) and open loop ")
			.append("(fixed arrival rate, latency from each request's due time). x: percentile on a ")
			.append("\"nines\" scale; y: milliseconds, logarithmic.</p>\n");
		html.append(percentileChart(report));
		JsonNode drain = report.path("drain");
		if (!drain.isMissingNode()) {
			html.append("<h2>Drain: accepted purchases, orders and backlog over time</h2>\n")
				.append("<p>Backlog = accepted (Redis) &minus; orders (database). The purchase phase ran from ")
				.append(drain.path("purchaseWindowSeconds").path(0).asDouble())
				.append(" s to ")
				.append(drain.path("purchaseWindowSeconds").path(1).asDouble())
				.append(" s.</p>\n");
			html.append(backlogChart(drain));
		}
		if (report.path("openLoop").size() > 0) {
			html.append("<h2>Open loop: p99 latency per second</h2>\n");
			html.append(openLoopChart(report.path("openLoop")));
		}
		html.append("<h2>Raw numbers</h2>\n<p><code>report.json</code> beside this page; the tools' own output ")
			.append("in <code>baseline.json</code>, <code>soldout.json</code>, <code>purchase.json</code>, ")
			.append("<code>redis.csv</code>, <code>drain.tsv</code>, <code>ingress.tsv</code>, ")
			.append("<code>openloop-*.json</code>.</p>\n</body></html>\n");
		return html.toString();
	}

	private static String percentileChart(JsonNode report) {
		List<Series> series = new ArrayList<>();
		for (JsonNode phase : report.path("closedLoop")) {
			List<double[]> points = new ArrayList<>();
			for (JsonNode row : phase.path("percentiles")) {
				points.add(new double[] { nines(row.get(0).asDouble()), row.get(1).asDouble() / 1000 });
			}
			series.add(new Series(phase.path("name").asString() + " (closed)", points));
		}
		for (JsonNode run : report.path("openLoop")) {
			List<double[]> points = new ArrayList<>();
			for (JsonNode row : run.path("percentiles")) {
				points.add(new double[] { nines(row.get(0).asDouble()), row.get(1).asDouble() / 1000 });
			}
			series.add(new Series(String.format(Locale.ROOT, "open %,d/s", run.path("rate").asInt()), points));
		}
		double[] xTicks = { 0, 1, 2, 3, 4 };
		String[] xLabels = { "0%", "90%", "99%", "99.9%", "99.99%" };
		return chart(series, xTicks, xLabels, "percentile", "latency (ms)", true);
	}

	/** 50% → 0.3, 90% → 1, 99% → 2, 99.9% → 3; capped at 99.99%. */
	static double nines(double percent) {
		double p = Math.min(percent, 99.99) / 100;
		return -Math.log10(1 - p);
	}

	private static String backlogChart(JsonNode drain) {
		List<double[]> accepted = new ArrayList<>();
		List<double[]> orders = new ArrayList<>();
		List<double[]> backlog = new ArrayList<>();
		for (JsonNode row : drain.path("curve")) {
			double t = row.get(0).asDouble();
			accepted.add(new double[] { t, row.get(1).asDouble() });
			orders.add(new double[] { t, row.get(2).asDouble() });
			backlog.add(new double[] { t, row.get(3).asDouble() });
		}
		List<Series> series = List.of(new Series("accepted", accepted), new Series("orders", orders),
				new Series("backlog", backlog));
		return chart(series, null, null, "seconds", "purchases", false);
	}

	private static String openLoopChart(JsonNode runs) {
		List<Series> series = new ArrayList<>();
		for (JsonNode run : runs) {
			List<double[]> points = new ArrayList<>();
			for (JsonNode second : run.path("timeline")) {
				if (second.path("count").asInt() > 0) {
					points.add(new double[] { second.path("second").asDouble(), second.path("p99").asDouble() });
				}
			}
			series.add(new Series(String.format(Locale.ROOT, "p99 at %,d/s", run.path("rate").asInt()), points));
		}
		return chart(series, null, null, "second of the run", "p99 (ms)", true);
	}

	private static String chart(List<Series> series, double[] xTicks, String[] xLabels, String xName, String yName,
			boolean logY) {
		double minX = Double.MAX_VALUE;
		double maxX = -Double.MAX_VALUE;
		double minY = Double.MAX_VALUE;
		double maxY = -Double.MAX_VALUE;
		for (Series s : series) {
			for (double[] p : s.points()) {
				minX = Math.min(minX, p[0]);
				maxX = Math.max(maxX, p[0]);
				minY = Math.min(minY, p[1]);
				maxY = Math.max(maxY, p[1]);
			}
		}
		if (minX == Double.MAX_VALUE) {
			return "<p>(no data)</p>\n";
		}
		if (xTicks != null) {
			minX = xTicks[0];
			maxX = xTicks[xTicks.length - 1];
		}
		if (logY) {
			minY = Math.pow(10, Math.floor(Math.log10(Math.max(minY, 0.01))));
			maxY = Math.pow(10, Math.ceil(Math.log10(Math.max(maxY, minY * 10))));
		}
		else {
			minY = Math.min(0, minY);
			maxY = (maxY <= minY) ? minY + 1 : maxY * 1.05;
		}
		Scale scale = new Scale(minX, (maxX > minX) ? maxX : minX + 1, minY, maxY, logY);
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n", WIDTH,
				HEIGHT, WIDTH, HEIGHT));
		axes(svg, scale, xTicks, xLabels, xName, yName);
		int index = 0;
		for (Series s : series) {
			String colour = COLOURS[index % COLOURS.length];
			StringBuilder path = new StringBuilder();
			for (double[] p : s.points()) {
				if (logY && p[1] <= 0) {
					continue;
				}
				path.append(path.isEmpty() ? "M" : " L")
					.append(String.format(Locale.ROOT, "%.1f,%.1f", scale.x(p[0]), scale.y(p[1])));
			}
			svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
					path, colour));
			int legendY = TOP + 10 + index * 18;
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
					WIDTH - RIGHT + 12, legendY - 4, colour, WIDTH - RIGHT + 28, legendY, escape(s.name())));
			index++;
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void axes(StringBuilder svg, Scale scale, double[] xTicks, String[] xLabels, String xName,
			String yName) {
		int bottom = HEIGHT - BOTTOM;
		int right = WIDTH - RIGHT;
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
				LEFT, bottom, right, bottom, LEFT, TOP, LEFT, bottom));
		double[] ticks = (xTicks != null) ? xTicks : linearTicks(scale.minX(), scale.maxX());
		for (int i = 0; i < ticks.length; i++) {
			String label = (xLabels != null) ? xLabels[i] : number(ticks[i]);
			double x = scale.x(ticks[i]);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
					x, TOP, x, bottom, x, bottom + 16, label));
		}
		double[] yTicks = scale.logY() ? logTicks(scale.minY(), scale.maxY()) : linearTicks(scale.minY(), scale.maxY());
		for (double tick : yTicks) {
			double y = scale.y(tick);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
					LEFT, y, right, y, LEFT - 6, y + 4, number(tick)));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
				(LEFT + right) / 2, HEIGHT - 8, escape(xName)));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
				(TOP + bottom) / 2, (TOP + bottom) / 2, escape(yName)));
	}

	private static double[] linearTicks(double min, double max) {
		double span = max - min;
		double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
		if (span / step > 10) {
			step *= 2;
		}
		if (span / step > 10) {
			step *= 2.5;
		}
		List<Double> ticks = new ArrayList<>();
		for (double t = Math.ceil(min / step) * step; t <= max + 1e-9; t += step) {
			ticks.add(t);
		}
		return ticks.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static double[] logTicks(double min, double max) {
		List<Double> ticks = new ArrayList<>();
		for (double t = min; t <= max * 1.0001; t *= 10) {
			ticks.add(t);
		}
		return ticks.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static String number(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e9) {
			return String.format(Locale.ROOT, "%,d", (long) value);
		}
		return String.format(Locale.ROOT, "%s", BenchReport.round(value));
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private record Series(String name, List<double[]> points) {
	}

	private record Scale(double minX, double maxX, double minY, double maxY, boolean logY) {

		double x(double value) {
			return LEFT + (value - this.minX) / (this.maxX - this.minX) * (WIDTH - LEFT - RIGHT);
		}

		double y(double value) {
			double fraction = this.logY
					? (Math.log10(value) - Math.log10(this.minY)) / (Math.log10(this.maxY) - Math.log10(this.minY))
					: (value - this.minY) / (this.maxY - this.minY);
			return HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM);
		}

	}

}
