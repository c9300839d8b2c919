package org.brickbox.render;

import org.brickbox.render.photo.Srgb;

/**
 * The photographic style's shading works in linear light (where light adds up): 8-bit sRGB in and out through
 * {@link Srgb}'s tables, with a camera-like shoulder that rolls highlights off towards white instead of clipping them.
 */
final class LinearLight {
  private LinearLight() {}

  static float toLinear(int srgb8) {
    return Srgb.linear(srgb8);
  }

  /** 8-bit sRGB of a linear value; above 0.8 a soft shoulder compresses highlights the way a tone curve does. */
  static int encode(float linear) {
    float l = linear <= 0.8f ? linear : 0.8f + 0.2f * (1f - 1f / (1f + (linear - 0.8f) * 5f));
    return Srgb.level(l);
  }

  static int encodeRgb(float r, float g, float b) {
    return (encode(r) << 16) | (encode(g) << 8) | encode(b);
  }
}
