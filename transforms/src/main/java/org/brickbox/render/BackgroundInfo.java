package org.brickbox.render;

import java.util.List;

/**
 * The background drawn behind a view: its kind (never {@link BackgroundMode#MIXED}) and colours as 0xRRGGBB
 * (one for PLAIN, the two ends for GRADIENT and NOISE); {@code angleDeg} is the gradient direction and
 * {@code cellPixels} the noise feature size, 0 where they do not apply.
 */
public record BackgroundInfo(BackgroundMode kind, List<Integer> colours, double angleDeg, int cellPixels) {
  public BackgroundInfo {
    colours = List.copyOf(colours);
  }
}
