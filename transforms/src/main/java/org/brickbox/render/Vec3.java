package org.brickbox.render;

/** A point or direction in LDraw coordinates (−Y up), as recorded in metadata. */
public record Vec3(double x, double y, double z) {
  static Vec3 of(double[] v) {
    return new Vec3(v[0], v[1], v[2]);
  }
}
