package org.brickbox.render;

/**
 * Turns a rasterised frame into the output image. Shading runs once per distinct triangle within each output
 * pixel (like MSAA), not once per sample: inside a triangle all samples of a pixel share one shaded colour, and
 * only pixels on triangle borders pay for more.
 *
 * <p>Two routes: without transparent geometry, {@link #shadeAndDownsample} colours and box-filters each pixel's
 * samples in one pass; with it, {@link #shadeSamples} keeps every sample's colour so transparent triangles can be
 * blended over it, and {@link #downsample} filters afterwards. Same per-sample colours, same image.
 */
final class FrameResolver {
  private FrameResolver() {}

  /** Colours every sample (shaded triangle, line colour, or the background pixel it lies in) into frame.rgb. */
  static void shadeSamples(Frame frame, int supersampling, Shader shader, Materials materials, int[] background) {
    resolve(frame, supersampling, shader, materials, background, null, null);
  }

  /** Colours and box-filters in one pass, leaving frame.rgb untouched: the route without transparency. */
  static void shadeAndDownsample(Frame frame, int supersampling, Shader shader, Materials materials,
      int[] background, byte[] rgbOut, byte[] maskOut) {
    resolve(frame, supersampling, shader, materials, background, rgbOut, maskOut);
  }

  /** Box-filters frame.rgb into RGB bytes and each pixel's covered share into the mask. */
  static void downsample(Frame frame, int supersampling, byte[] rgbOut, byte[] maskOut) {
    resolve(frame, supersampling, null, null, null, rgbOut, maskOut);
  }

  /**
   * The one pixel loop behind the three routes: with a shader it computes sample colours (and stores them when
   * there is no output), without one it reads them from frame.rgb; with outputs it averages them.
   */
  private static void resolve(Frame frame, int supersampling, Shader shader, Materials materials, int[] background,
      byte[] rgbOut, byte[] maskOut) {
    int size = frame.size;
    int pixels = size / supersampling;
    int n = supersampling * supersampling;
    int reciprocal = Math.round(65536f / n); // averages by multiply and shift: exact for 1, 4 and 16 samples
    int[] ids = frame.ids;
    int[] rgb = frame.rgb;
    boolean shading = shader != null;
    boolean storing = rgbOut == null;
    for (int py = 0; py < pixels; py++) {
      for (int px = 0; px < pixels; px++) {
        int backgroundRgb = shading ? background[py * pixels + px] : 0;
        int lastId = Frame.EMPTY;
        int lastRgb = backgroundRgb;
        int r = 0, g = 0, b = 0, covered = 0;
        for (int sy = py * supersampling; sy < (py + 1) * supersampling; sy++) {
          for (int sx = px * supersampling; sx < (px + 1) * supersampling; sx++) {
            int i = sy * size + sx;
            int id = ids[i];
            int c;
            if (!shading) {
              c = rgb[i];
            } else {
              if (id != lastId) {
                lastId = id;
                lastRgb = id >= 0 ? shader.shade(id, sx + 0.5f, sy + 0.5f)
                    : id == Frame.EMPTY ? backgroundRgb
                    : materials.lineRgb[Frame.lineSlot(id)];
              }
              c = lastRgb;
              if (storing) rgb[i] = c;
            }
            r += (c >> 16) & 0xFF;
            g += (c >> 8) & 0xFF;
            b += c & 0xFF;
            if (id != Frame.EMPTY) covered++;
          }
        }
        if (!storing) {
          int p = py * pixels + px;
          rgbOut[p * 3] = (byte) ((r * reciprocal + 32768) >>> 16);
          rgbOut[p * 3 + 1] = (byte) ((g * reciprocal + 32768) >>> 16);
          rgbOut[p * 3 + 2] = (byte) ((b * reciprocal + 32768) >>> 16);
          maskOut[p] = (byte) ((covered * 255 * reciprocal + 32768) >>> 16);
        }
      }
    }
  }
}
