package org.brickbox.export;

import java.io.IOException;
import java.io.OutputStream;

/** One file of an exported part: its name (e.g. {@code 3001.obj}), MIME type, and how its bytes are written. */
public record MeshFile(String name, String mimeType, Content content) {
  /** Writes the file's bytes to {@code out}; flushes, does not close. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }
}
