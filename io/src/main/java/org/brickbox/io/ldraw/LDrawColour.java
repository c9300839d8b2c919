package org.brickbox.io.ldraw;

/**
 * One LDraw colour: its code, name, surface and edge colours as 0xRRGGBB, alpha (255 opaque, 128 for most
 * transparent colours) and finish. Direct colours ({@code 0x2RRGGBB}) are represented with their code and a
 * synthetic name.
 */
public record LDrawColour(int code, String name, int rgb, int edgeRgb, int alpha, Finish finish) {
  public boolean isTransparent() {
    return alpha < 255;
  }
}
