package org.brickbox.fuse;

/** The colour of a part in an image: the per-channel median of the pixels under its mask, 0..255. */
public final class ColourEstimate {
  private ColourEstimate() {}

  public static float[] medianRgb(byte[] rgb, byte[] mask) {
    int[][] histogram = new int[3][256];
    int count = 0;
    for (int i = 0; i < mask.length; i++) {
      if ((mask[i] & 0xFF) <= 127) continue;
      count++;
      for (int c = 0; c < 3; c++) histogram[c][rgb[i * 3 + c] & 0xFF]++;
    }
    if (count == 0) throw new IllegalArgumentException("the mask is empty: no colour to measure");
    float[] median = new float[3];
    for (int c = 0; c < 3; c++) {
      int seen = 0;
      for (int v = 0; v < 256; v++) {
        seen += histogram[c][v];
        if (seen * 2 >= count) {
          median[c] = v;
          break;
        }
      }
    }
    return median;
  }
}
