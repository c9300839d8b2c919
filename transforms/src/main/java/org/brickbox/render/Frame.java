package org.brickbox.render;

import java.util.Arrays;

/**
 * The supersampled buffers of one render, reused across renders by one thread. Per sample: inverse view depth
 * (larger is nearer, 0 is empty; 1/z interpolates linearly in screen space), what covers it, and its colour.
 */
final class Frame {
  /** No geometry covers the sample. */
  static final int EMPTY = -1;
  /** Only transparent geometry covers the sample (it still counts as part coverage in the mask). */
  static final int TRANSPARENT_ONLY = Integer.MIN_VALUE;

  int size;
  float[] inverseDepth = new float[0];
  /** A triangle index (≥ 0), {@link #EMPTY}, {@link #TRANSPARENT_ONLY}, or {@link #lineId(int)} of a colour slot. */
  int[] ids = new int[0];
  /** 0xRRGGBB per sample, filled when the frame is resolved. */
  int[] rgb = new int[0];

  void clear(int size) {
    this.size = size;
    int n = size * size;
    if (ids.length < n) {
      inverseDepth = new float[n];
      ids = new int[n];
      rgb = new int[n];
    }
    Arrays.fill(inverseDepth, 0, n, 0f);
    Arrays.fill(ids, 0, n, EMPTY);
  }

  /**
   * Per output pixel of {@code supersampling}² samples, whether any of its samples is {@link #EMPTY}, into
   * {@code out} (row by row).
   */
  void emptyPixels(int supersampling, boolean[] out) {
    int pixels = size / supersampling;
    if (supersampling == 2) { // the default, unrolled
      for (int py = 0; py < pixels; py++) {
        int top = 2 * py * size;
        int bottom = top + size;
        for (int px = 0; px < pixels; px++) {
          int x = 2 * px;
          out[py * pixels + px] = ids[top + x] == EMPTY || ids[top + x + 1] == EMPTY || ids[bottom + x] == EMPTY
              || ids[bottom + x + 1] == EMPTY;
        }
      }
      return;
    }
    for (int py = 0; py < pixels; py++) {
      for (int px = 0; px < pixels; px++) {
        boolean empty = false;
        for (int sy = py * supersampling; sy < (py + 1) * supersampling && !empty; sy++) {
          int row = sy * size;
          for (int sx = px * supersampling; sx < (px + 1) * supersampling; sx++) {
            if (ids[row + sx] == EMPTY) {
              empty = true;
              break;
            }
          }
        }
        out[py * pixels + px] = empty;
      }
    }
  }

  /** Lines are stored by colour slot; they need no per-line identity, only their colour. */
  static int lineId(int colourSlot) {
    return -2 - colourSlot;
  }

  static int lineSlot(int id) {
    return -2 - id;
  }
}
