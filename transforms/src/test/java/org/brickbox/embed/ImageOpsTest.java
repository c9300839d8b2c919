package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageOpsTest {
  @Test
  void areaResampleAveragesEachBoxPerChannel() {
    // 4 x 2 pixels, 3 channels: red counts up, green counts down, blue is constant
    byte[] rgb = new byte[4 * 2 * 3];
    for (int i = 0; i < 8; i++) {
      rgb[i * 3] = (byte) (i * 10);
      rgb[i * 3 + 1] = (byte) (200 - i * 10);
      rgb[i * 3 + 2] = (byte) 77;
    }
    float[] out = ImageOps.resample(rgb, 4, 2, 3, 0, 0, 2, 2, 2, 1);
    // left box holds pixels 0, 1, 4, 5; right box 2, 3, 6, 7
    assertArrayEquals(new float[] {25 / 255f, 175 / 255f, 77 / 255f, 45 / 255f, 155 / 255f, 77 / 255f}, out, 1e-6f);
  }

  @Test
  void boxesReachingPastTheBorderRepeatTheEdgePixel() {
    byte[] grey = {0, 30, 60, (byte) 90};                                 // one row of four
    float[] out = ImageOps.resample(grey, 4, 1, 1, -1, 0, 2, 1, 2, 1);    // boxes [-1, 1) and [1, 3)
    assertArrayEquals(new float[] {0 / 255f, 45 / 255f}, out, 1e-6f);     // (0 + 0) / 2 and (30 + 60) / 2
  }

  @Test
  void aFractionalScaleSamplesAnEvenGridInsideEachBox() {
    byte[] grey = new byte[7];
    for (int i = 0; i < 7; i++) grey[i] = (byte) (i * 40);
    // 7 -> 3 pixels: boxes of 7/3 = 2.33 source pixels, 3 taps each at 1/6, 1/2 and 5/6 of the box
    float[] out = ImageOps.resample(grey, 7, 1, 1, 0, 0, 7 / 3.0, 1, 3, 1);
    assertEquals((0 + 40 + 40) / 3f / 255f, out[0], 1e-6f);    // taps at 0.39, 1.17, 1.94: pixels 0, 1, 1
    assertEquals((80 + 120 + 160) / 3f / 255f, out[1], 1e-6f); // taps at 2.72, 3.5, 4.28
    assertEquals((200 + 200 + 240) / 3f / 255f, out[2], 1e-6f); // taps at 5.06, 5.83, 6.61
  }

  @Test
  void theModelInputsTwoTapPathGivesTheGeneralPathsValuesChannelByChannel() {
    // 224 px RGB to 128 (the crops into the built-in model): the unrolled path, against each channel resampled alone
    // by the general loop, bit for bit
    java.util.Random random = new java.util.Random(7);
    byte[] rgb = new byte[224 * 224 * 3];
    random.nextBytes(rgb);
    float[] fast = ImageOps.resample(rgb, 224, 224, 3, 0, 0, 1.75, 1.75, 128, 128);
    for (int c = 0; c < 3; c++) {
      byte[] plane = new byte[224 * 224];
      for (int i = 0; i < plane.length; i++) plane[i] = rgb[3 * i + c];
      float[] general = ImageOps.resample(plane, 224, 224, 1, 0, 0, 1.75, 1.75, 128, 128);
      for (int i = 0; i < general.length; i++) {
        assertEquals(Float.floatToIntBits(general[i]), Float.floatToIntBits(fast[3 * i + c]),
            "pixel " + i + ", channel " + c);
      }
    }
  }
}
