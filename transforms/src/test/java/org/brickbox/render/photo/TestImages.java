package org.brickbox.render.photo;

/** Synthetic 8-bit RGB images for the camera stage's tests, benchmark and contact sheet. */
final class TestImages {
  private TestImages() {}

  static byte[] flat(int width, int height, int level) {
    byte[] rgb = new byte[width * height * 3];
    java.util.Arrays.fill(rgb, (byte) level);
    return rgb;
  }

  /** Squares of {@code cell} pixels alternating between two grey levels. */
  static byte[] checkerboard(int width, int height, int cell, int dark, int light) {
    byte[] rgb = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        byte v = (byte) (((x / cell + y / cell) & 1) == 0 ? dark : light);
        int p = (y * width + x) * 3;
        rgb[p] = v;
        rgb[p + 1] = v;
        rgb[p + 2] = v;
      }
    }
    return rgb;
  }

  /**
   * Like a render: a glossy red sphere lit from the upper left, lying on a light grey surface with a soft shadow,
   * and a small black-and-white checkerboard in one corner for sharp edges.
   */
  static byte[] scene(int width, int height) {
    byte[] rgb = new byte[width * height * 3];
    double cx = 0.45 * width;
    double cy = 0.5 * height;
    double radius = 0.3 * Math.min(width, height);
    double[] light = normalise(-0.5, -0.6, 0.62);
    double[] half = normalise(light[0], light[1], light[2] + 1);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = (y * width + x) * 3;
        double dx = (x + 0.5 - cx) / radius;
        double dy = (y + 0.5 - cy) / radius;
        double r2 = dx * dx + dy * dy;
        double[] c;
        if (r2 < 1) {
          double nz = Math.sqrt(1 - r2);
          double diffuse = Math.max(0, dx * light[0] + dy * light[1] + nz * light[2]);
          double specular = Math.pow(Math.max(0, dx * half[0] + dy * half[1] + nz * half[2]), 60);
          double shade = 0.25 + 0.75 * diffuse;
          c = new double[] {200 * shade + 255 * specular, 30 * shade + 255 * specular, 35 * shade + 255 * specular};
        } else {
          double sx = (x + 0.5 - cx - 0.25 * radius) / (1.1 * radius);
          double sy = (y + 0.5 - cy - 0.3 * radius) / (1.1 * radius);
          double shadow = 1 - 0.35 * Math.exp(-2 * Math.max(0, sx * sx + sy * sy - 0.6));
          double base = (205 + 30.0 * x / width) * Math.min(1, shadow);
          c = new double[] {base, base + 3, base - 2};
          if (x > 0.78 * width && y > 0.78 * height) {
            int v = (((x / 4) + (y / 4)) & 1) == 0 ? 15 : 240;
            c = new double[] {v, v, v};
          }
        }
        for (int k = 0; k < 3; k++) rgb[p + k] = (byte) Math.max(0, Math.min(255, Math.round(c[k])));
      }
    }
    return rgb;
  }

  private static double[] normalise(double x, double y, double z) {
    double l = Math.sqrt(x * x + y * y + z * z);
    return new double[] {x / l, y / l, z / l};
  }
}
