package org.brickbox.pipeline.serve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.brickbox.io.records.Json;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before or around the API (a malformed request line, headers over its limit, a request
 * arriving during shutdown), in the API's JSON shape instead of an HTML page; their code is {@code http-<status>}.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    response.write(true, body(code, message), callback);
  }

  private static ByteBuffer body(int status, String message) {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    ApiException.Body body = new ApiException.Body(status, "http-" + status, text, null);
    return ByteBuffer.wrap((Json.line(body) + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
