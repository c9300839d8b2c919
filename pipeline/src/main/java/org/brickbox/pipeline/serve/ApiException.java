package org.brickbox.pipeline.serve;

/**
 * A request the server refuses, answered as {@link Body}: the HTTP status, a stable code a client can branch on, a
 * message a person can act on, and for a photo's fault which photo (1-based, in the order sent).
 */
final class ApiException extends RuntimeException {
  private final transient Body body;

  /** The JSON of an error answer. {@code photo} is null (left out) when the request as a whole is at fault. */
  record Body(int status, String error, String message, Integer photo) {}

  ApiException(int status, String error, String message) {
    this(status, error, message, null, null);
  }

  ApiException(int status, String error, String message, Integer photo, Throwable cause) {
    super(message, cause);
    this.body = new Body(status, error, message, photo);
  }

  Body body() {
    return body;
  }

  int status() {
    return body.status();
  }
}
