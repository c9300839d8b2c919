package org.brickbox.pipeline.cli;

/** A failure the CLI reports as one line with a specific exit code. */
public final class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
