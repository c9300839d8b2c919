package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WhiteBalanceTest {
  @Test
  void theReferenceLightAndAPerfectCorrectionAreNeutral() {
    assertArrayEquals(new double[] {1, 1, 1}, WhiteBalance.gains(5500, 0, 0.35));
    assertArrayEquals(new double[] {1, 1, 1}, WhiteBalance.gains(3000, 0, 0));
  }

  @Test
  void warmLightIsRedderAndCoolLightBluer() {
    double[] warm = WhiteBalance.gains(3000, 0, 1);
    double[] cool = WhiteBalance.gains(7500, 0, 1);
    assertTrue(warm[0] > 1 && warm[2] < 0.6, java.util.Arrays.toString(warm));
    assertTrue(cool[0] < 1 && cool[2] > 1.2, java.util.Arrays.toString(cool));
    double[] partly = WhiteBalance.gains(3000, 0, 0.35);
    assertTrue(partly[0] > 1 && partly[0] < warm[0] && partly[2] > warm[2], "auto white balance corrects most");
  }

  @Test
  void tintRaisesGreenAndWhiteKeepsItsLuminance() {
    double[] green = WhiteBalance.gains(5500, 0.03, 0.35);
    assertTrue(green[1] > green[0] && green[1] > green[2]);
    for (double kelvin : new double[] {2000, 3000, 6500, 9000}) {
      double[] g = WhiteBalance.gains(kelvin, -0.02, 0.5);
      assertEquals(1, 0.2126 * g[0] + 0.7152 * g[1] + 0.0722 * g[2], 1e-12);
    }
  }

  @Test
  void daylightNearD65IsNearlyWhiteInLinearSrgb() {
    double[] d65 = WhiteBalance.illuminantRgb(6504); // sRGB's own white point lies close to the Planckian locus
    assertEquals(1, d65[0] / d65[1], 0.06);
    assertEquals(1, d65[2] / d65[1], 0.12);
  }
}
