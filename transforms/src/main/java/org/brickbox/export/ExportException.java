package org.brickbox.export;

import org.brickbox.io.records.Located;

/** A part that loads but cannot be exported as a whole mesh; the message and location name the file and line. */
public final class ExportException extends RuntimeException implements Located {
  private static final long serialVersionUID = 1L;
  private final String location;

  ExportException(String message, String location) {
    super(message);
    this.location = location;
  }

  @Override
  public String location() {
    return location;
  }
}
