package org.brickbox.embed;

/** Resampling of 8-bit interleaved images into float 0..1 buffers; the shared kernel of preprocessing and augmentation. */
final class ImageOps {
  private ImageOps() {}

  /**
   * Area-averaged resample: output pixel (x, y) averages the source box starting at
   * ({@code x0 + x·sx}, {@code y0 + y·sy}) of size {@code sx × sy} (at least one pixel; bilinear when upsampling).
   * Source coordinates outside the image are clamped to the border. Output HWC floats in 0..1.
   */
  static float[] resample(byte[] src, int w, int h, int channels, double x0, double y0, double sx, double sy,
      int outW, int outH) {
    float[] out = new float[outW * outH * channels];
    if (sx <= 1.0 && sy <= 1.0) {
      for (int y = 0; y < outH; y++) {
        double fy = y0 + (y + 0.5) * sy - 0.5;
        for (int x = 0; x < outW; x++) {
          double fx = x0 + (x + 0.5) * sx - 0.5;
          bilinear(src, w, h, channels, fx, fy, out, (y * outW + x) * channels);
        }
      }
      return out;
    }
    // Integer sample grid inside each box: up to 4×4 taps, enough for the ≤ 8× reductions used here. The taps'
    // source columns and rows are the same for every row and column, so they are worked out once (the floor of a
    // double per tap was most of the cost); the sums are integers, as exact as the float sums were.
    int tx = Math.max(1, Math.min(4, (int) Math.ceil(sx)));
    int ty = Math.max(1, Math.min(4, (int) Math.ceil(sy)));
    float norm = 1f / (tx * ty * 255f);
    int[] columnOffsets = new int[outW * tx];
    for (int x = 0; x < outW; x++) {
      for (int i = 0; i < tx; i++) {
        columnOffsets[x * tx + i] = clamp((int) Math.floor(x0 + (x + (i + 0.5) / tx) * sx), w) * channels;
      }
    }
    int[] rowOffsets = new int[ty];
    for (int y = 0; y < outH; y++) {
      for (int j = 0; j < ty; j++) {
        rowOffsets[j] = clamp((int) Math.floor(y0 + (y + (j + 0.5) / ty) * sy), h) * w * channels;
      }
      if (tx == 2 && ty == 2 && channels == 3) {
        // The model's input from the crops (224 to 128 px: two taps each way): the same sums, unrolled, three
        // times faster than the general loop, which runs for every crop embedded.
        int r0 = rowOffsets[0];
        int r1 = rowOffsets[1];
        for (int x = 0, o = y * outW * 3; x < outW; x++, o += 3) {
          int c0 = columnOffsets[2 * x];
          int c1 = columnOffsets[2 * x + 1];
          for (int c = 0; c < 3; c++) {
            int sum = (src[r0 + c0 + c] & 0xFF) + (src[r0 + c1 + c] & 0xFF) + (src[r1 + c0 + c] & 0xFF)
                + (src[r1 + c1 + c] & 0xFF);
            out[o + c] = sum * norm;
          }
        }
        continue;
      }
      for (int x = 0; x < outW; x++) {
        int o = (y * outW + x) * channels;
        for (int c = 0; c < channels; c++) {
          int sum = 0;
          for (int j = 0; j < ty; j++) {
            int row = rowOffsets[j] + c;
            for (int i = 0; i < tx; i++) sum += src[row + columnOffsets[x * tx + i]] & 0xFF;
          }
          out[o + c] = sum * norm;
        }
      }
    }
    return out;
  }

  private static void bilinear(byte[] src, int w, int h, int channels, double fx, double fy, float[] out, int o) {
    int xa = (int) Math.floor(fx);
    int ya = (int) Math.floor(fy);
    float ax = (float) (fx - xa);
    float ay = (float) (fy - ya);
    int x1 = clamp(xa, w);
    int x2 = clamp(xa + 1, w);
    int y1 = clamp(ya, h);
    int y2 = clamp(ya + 1, h);
    for (int c = 0; c < channels; c++) {
      float p11 = src[(y1 * w + x1) * channels + c] & 0xFF;
      float p21 = src[(y1 * w + x2) * channels + c] & 0xFF;
      float p12 = src[(y2 * w + x1) * channels + c] & 0xFF;
      float p22 = src[(y2 * w + x2) * channels + c] & 0xFF;
      float top = p11 + (p21 - p11) * ax;
      float bottom = p12 + (p22 - p12) * ax;
      out[o + c] = (top + (bottom - top) * ay) / 255f;
    }
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : v >= n ? n - 1 : v;
  }
}
