package io.seckill.ingress.system;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error report as {@code {"error","message"}}. Tomcat refuses some requests
 * before any servlet sees them (a malformed request line or percent-encoding, an encoded
 * {@code /} in the path, headers over the size limit) and would answer those with an HTML
 * page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		ApiError error = HttpErrors.forStatus(status);
		try {
			response.setContentType("application/json");
			response.setCharacterEncoding("UTF-8");
			PrintWriter writer = response.getReporter();
			if (writer != null) {
				// The codes and sentences are fixed text without quotes or backslashes.
				writer.write("{\"error\":\"" + error.error() + "\",\"message\":\"" + error.message() + "\"}");
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response is already on its way: nothing to add.
		}
	}

}
