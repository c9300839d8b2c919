package org.brickbox.render;

/** A view could not be rendered; names the render key so a dead-letter record says which image failed. */
public class RenderException extends RuntimeException {
  private final transient RenderKey key;

  public RenderException(RenderKey key, Throwable cause) {
    super("render " + key + " failed: " + cause, cause);
    this.key = key;
  }

  public RenderKey key() {
    return key;
  }
}
