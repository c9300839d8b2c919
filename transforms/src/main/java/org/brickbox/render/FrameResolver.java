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
  /** 65536 / 4: averages four samples by multiply and shift. */
  private static final int QUARTER = 16384;

  private FrameResolver() {}

  /** Colours every sample (shaded triangle, line colour, or the background pixel it lies in) into frame.rgb. */
  static void shadeSamples(Frame frame, int supersampling, SampleShader shader, Materials materials, int[] background) {
    resolve(frame, supersampling, shader, materials, background, null, null);
  }

  /** Colours and box-filters in one pass, leaving frame.rgb untouched: the route without transparency. */
  static void shadeAndDownsample(Frame frame, int supersampling, SampleShader shader, Materials materials,
      int[] background, byte[] rgbOut, byte[] maskOut) {
    if (supersampling == 2) {
      shadeAndDownsample2x2(frame, shader, materials, background, rgbOut, maskOut);
    } else {
      resolve(frame, supersampling, shader, materials, background, rgbOut, maskOut);
    }
  }

  /**
   * {@link #resolve} with a shader and outputs for 2×2 samples, the default, written out: the same colours in the same
   * order (a sample whose triangle is the previous sample's reuses its colour), the same sums and rounding.
   */
  private static void shadeAndDownsample2x2(Frame frame, SampleShader shader, Materials materials, int[] background,
      byte[] rgbOut, byte[] maskOut) {
    int size = frame.size;
    int pixels = size / 2;
    int[] ids = frame.ids;
    for (int py = 0; py < pixels; py++) {
      int y0 = 2 * py, top = y0 * size, bottom = top + size;
      for (int px = 0; px < pixels; px++) {
        int p = py * pixels + px;
        int x0 = 2 * px;
        int a = ids[top + x0], b = ids[top + x0 + 1], c = ids[bottom + x0], d = ids[bottom + x0 + 1];
        int backgroundRgb = background[p];
        if (a == b && a == c && a == d) {
          write(rgbOut, maskOut, p, colour(a, x0, y0, shader, materials, backgroundRgb), a == Frame.EMPTY ? 0 : 255);
          continue;
        }
        int ca = a == Frame.EMPTY ? backgroundRgb : colour(a, x0, y0, shader, materials, backgroundRgb);
        int cb = b == a ? ca : colour(b, x0 + 1, y0, shader, materials, backgroundRgb);
        int cc = c == b ? cb : colour(c, x0, y0 + 1, shader, materials, backgroundRgb);
        int cd = d == c ? cc : colour(d, x0 + 1, y0 + 1, shader, materials, backgroundRgb);
        int r = ((ca >> 16) & 0xFF) + ((cb >> 16) & 0xFF) + ((cc >> 16) & 0xFF) + ((cd >> 16) & 0xFF);
        int g = ((ca >> 8) & 0xFF) + ((cb >> 8) & 0xFF) + ((cc >> 8) & 0xFF) + ((cd >> 8) & 0xFF);
        int bl = (ca & 0xFF) + (cb & 0xFF) + (cc & 0xFF) + (cd & 0xFF);
        int covered = (a != Frame.EMPTY ? 1 : 0) + (b != Frame.EMPTY ? 1 : 0) + (c != Frame.EMPTY ? 1 : 0)
            + (d != Frame.EMPTY ? 1 : 0);
        int average = (((r * QUARTER + 32768) >>> 16) << 16) | (((g * QUARTER + 32768) >>> 16) << 8)
            | ((bl * QUARTER + 32768) >>> 16);
        write(rgbOut, maskOut, p, average, (covered * 255 * QUARTER + 32768) >>> 16);
      }
    }
  }

  /** Box-filters frame.rgb into RGB bytes and each pixel's covered share into the mask. */
  static void downsample(Frame frame, int supersampling, byte[] rgbOut, byte[] maskOut) {
    resolve(frame, supersampling, null, null, null, rgbOut, maskOut);
  }

  /**
   * The one pixel loop behind the three routes: with a shader it computes sample colours (and stores them when
   * there is no output), without one it reads them from frame.rgb; with outputs it averages them. A pixel whose
   * samples all show the same thing (most pixels: background or inside one triangle) is written directly.
   */
  private static void resolve(Frame frame, int supersampling, SampleShader shader, Materials materials, int[] background,
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
        int p = py * pixels + px;
        int backgroundRgb = shading ? background[p] : 0;
        int x0 = px * supersampling, y0 = py * supersampling;
        if (shading && !storing && isUniform(ids, size, x0, y0, supersampling)) {
          int id = ids[y0 * size + x0];
          write(rgbOut, maskOut, p, colour(id, x0, y0, shader, materials, backgroundRgb), id == Frame.EMPTY ? 0 : 255);
          continue;
        }
        int lastId = Frame.EMPTY;
        int lastRgb = backgroundRgb;
        int r = 0, g = 0, b = 0, covered = 0;
        for (int sy = y0; sy < y0 + supersampling; sy++) {
          for (int sx = x0; sx < x0 + supersampling; sx++) {
            int i = sy * size + sx;
            int id = ids[i];
            int c;
            if (!shading) {
              c = rgb[i];
            } else {
              if (id != lastId) {
                lastId = id;
                lastRgb = colour(id, sx, sy, shader, materials, backgroundRgb);
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
          int average = (((r * reciprocal + 32768) >>> 16) << 16) | (((g * reciprocal + 32768) >>> 16) << 8)
              | ((b * reciprocal + 32768) >>> 16);
          write(rgbOut, maskOut, p, average, (covered * 255 * reciprocal + 32768) >>> 16);
        }
      }
    }
  }

  private static boolean isUniform(int[] ids, int size, int x0, int y0, int supersampling) {
    int first = ids[y0 * size + x0];
    if (supersampling == 2) { // the default, unrolled
      int i = y0 * size + x0;
      return ids[i + 1] == first && ids[i + size] == first && ids[i + size + 1] == first;
    }
    for (int sy = y0; sy < y0 + supersampling; sy++) {
      for (int sx = x0; sx < x0 + supersampling; sx++) {
        if (ids[sy * size + sx] != first) return false;
      }
    }
    return true;
  }

  /** What sample (sx, sy) with coverage {@code id} shows. */
  private static int colour(int id, int sx, int sy, SampleShader shader, Materials materials, int backgroundRgb) {
    return id >= 0 ? shader.shade(id, sx + 0.5f, sy + 0.5f)
        : id == Frame.EMPTY ? backgroundRgb
        : materials.lineRgb[Frame.lineSlot(id)];
  }

  private static void write(byte[] rgbOut, byte[] maskOut, int p, int rgb, int mask) {
    rgbOut[p * 3] = (byte) (rgb >> 16);
    rgbOut[p * 3 + 1] = (byte) (rgb >> 8);
    rgbOut[p * 3 + 2] = (byte) rgb;
    maskOut[p] = (byte) mask;
  }
}
