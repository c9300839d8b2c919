package org.brickbox.io.ldraw;

import java.io.Serializable;

/** A located problem in an LDraw file: path relative to the library root, 1-based line (0 when none), message. */
public record LDrawProblem(String file, int line, String message) implements Serializable {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
