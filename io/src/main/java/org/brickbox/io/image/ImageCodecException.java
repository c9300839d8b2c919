package org.brickbox.io.image;

/** An image could not be encoded or decoded; the message says which format and why. */
public class ImageCodecException extends RuntimeException {
  public ImageCodecException(String message) {
    super(message);
  }

  public ImageCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
