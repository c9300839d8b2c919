package org.brickbox.render;

/**
 * Turns a rasterised frame into colours and then into the output image. Shading runs once per distinct triangle
 * within each output pixel (like MSAA), not once per sample: inside a triangle all samples of a pixel share one
 * shaded colour, and only pixels on triangle borders pay for more.
 */
final class FrameResolver {
  private FrameResolver() {}

  /** Colours every sample: shaded triangle, line colour, or the background pixel it lies in. */
  static void shadeSamples(Frame frame, int supersampling, Shader shader, Materials materials, int[] background) {
    int size = frame.size;
    int pixels = size / supersampling;
    int[] ids = frame.ids;
    int[] rgb = frame.rgb;
    for (int py = 0; py < pixels; py++) {
      for (int px = 0; px < pixels; px++) {
        int backgroundRgb = background[py * pixels + px];
        int lastId = Frame.EMPTY;
        int lastRgb = backgroundRgb;
        for (int sy = py * supersampling; sy < (py + 1) * supersampling; sy++) {
          for (int sx = px * supersampling; sx < (px + 1) * supersampling; sx++) {
            int i = sy * size + sx;
            int id = ids[i];
            if (id != lastId) {
              lastId = id;
              lastRgb = id >= 0 ? shader.shade(id, sx + 0.5f, sy + 0.5f)
                  : id == Frame.EMPTY ? backgroundRgb
                  : materials.lineRgb[Frame.lineSlot(id)];
            }
            rgb[i] = lastRgb;
          }
        }
      }
    }
  }

  /** Box-filters each pixel's samples into RGB bytes and its covered share into the mask. */
  static void downsample(Frame frame, int supersampling, byte[] rgbOut, byte[] maskOut) {
    int size = frame.size;
    int pixels = size / supersampling;
    int n = supersampling * supersampling;
    int half = n / 2;
    int[] ids = frame.ids;
    int[] rgb = frame.rgb;
    for (int py = 0; py < pixels; py++) {
      for (int px = 0; px < pixels; px++) {
        int r = 0, g = 0, b = 0, covered = 0;
        for (int sy = py * supersampling; sy < (py + 1) * supersampling; sy++) {
          for (int sx = px * supersampling; sx < (px + 1) * supersampling; sx++) {
            int i = sy * size + sx;
            int c = rgb[i];
            r += (c >> 16) & 0xFF;
            g += (c >> 8) & 0xFF;
            b += c & 0xFF;
            if (ids[i] != Frame.EMPTY) covered++;
          }
        }
        int p = py * pixels + px;
        rgbOut[p * 3] = (byte) ((r + half) / n);
        rgbOut[p * 3 + 1] = (byte) ((g + half) / n);
        rgbOut[p * 3 + 2] = (byte) ((b + half) / n);
        maskOut[p] = (byte) ((covered * 255 + half) / n);
      }
    }
  }
}
