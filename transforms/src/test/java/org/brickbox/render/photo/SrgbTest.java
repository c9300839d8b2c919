package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SrgbTest {
  private static double encoded(double linear) {
    return linear <= 0.0031308 ? linear * 12.92 : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
  }

  @Test
  void everyLevelSurvivesTheRoundTrip() {
    byte[] levels = new byte[256];
    for (int k = 0; k < 256; k++) levels[k] = (byte) k;
    float[] linear = new float[256];
    Srgb.toLinear(levels, 0, linear, 256);
    byte[] back = new byte[256];
    Srgb.toLevels(linear, back, 0, 256);
    for (int k = 0; k < 256; k++) assertEquals(k, back[k] & 0xFF);
  }

  @Test
  void linearLightGoesToTheNearestLevelAndClips() {
    SplittableRandom random = new SplittableRandom(4);
    float[] v = new float[1];
    byte[] out = new byte[1];
    for (int i = 0; i < 100_000; i++) {
      v[0] = (float) (random.nextDouble() * random.nextDouble()); // denser near black, where steps are finest
      Srgb.toLevels(v, out, 0, 1);
      double exact = 255 * encoded(v[0]);
      if (Math.abs(exact - Math.floor(exact) - 0.5) > 0.03) assertEquals(Math.round(exact), out[0] & 0xFF, "" + v[0]);
    }
    float[] outside = {-0.5f, 1.7f, Float.NaN};
    byte[] clipped = new byte[3];
    Srgb.toLevels(outside, clipped, 0, 3);
    assertEquals(0, clipped[0]);
    assertEquals(255, clipped[1] & 0xFF);
    assertEquals(0, clipped[2]);
  }
}
