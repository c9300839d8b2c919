package org.brickbox.render;

/** Colours one visible sample of a drawn triangle: the CAD style's {@link Shader} or the photographic one. */
interface SampleShader {
  /** 0xRRGGBB of triangle {@code t} at frame sample position (x, y). */
  int shade(int t, float x, float y);
}
