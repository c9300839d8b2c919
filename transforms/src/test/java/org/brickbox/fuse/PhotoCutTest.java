package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.junit.jupiter.api.Test;

/**
 * {@link PhotoPreparation#cut} copies spans of rows; it must give exactly the pixels a per-pixel test gives, for
 * windows inside the photo, across each of its borders, larger than it and wholly off it, with and without a mask.
 */
class PhotoCutTest {
  static final int W = 37;
  static final int H = 23;

  @Test
  void rowSpansGiveThePixelsOfAPerPixelTest() {
    Random random = new Random(7);
    byte[] pixels = new byte[W * H * 3];
    random.nextBytes(pixels);
    DecodedImage photo = new DecodedImage(W, H, 3, pixels);
    byte[] mask = new byte[W * H];
    for (int i = 0; i < mask.length; i++) mask[i] = (byte) (random.nextInt(3) == 0 ? 0 : 255);
    float[] background = {12.4f, 200.6f, 99.5f};
    int[][] windows = {{5, 3, 15}, {-6, 4, 16}, {30, -5, 12}, {-10, -10, 60}, {50, 2, 8}, {-20, 0, 9}, {3, 20, 10},
        {0, 0, 23}};
    for (int[] w : windows) {
      Segmentation.Box window = new Segmentation.Box(w[0], w[1], w[2], w[2]);
      for (boolean masked : new boolean[] {false, true}) {
        byte[] m = masked ? mask : null;
        float[] bg = masked ? background : null;
        for (int size : new int[] {w[2], 11}) {
          DecodedImage expected = ImageCodec.scale(perPixel(photo, m, bg, window), size, size);
          assertArrayEquals(expected.pixels(), PhotoPreparation.cut(photo, m, bg, window, size).pixels(),
              "window " + java.util.Arrays.toString(w) + (masked ? " masked" : "") + " at " + size);
        }
      }
    }
  }

  /** The window pixel by pixel: on the photo (and under the mask, if any) its pixel, else the fill colour. */
  private static DecodedImage perPixel(DecodedImage photo, byte[] mask, float[] background, Segmentation.Box window) {
    int s = window.width();
    byte[] out = new byte[s * s * 3];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        int px = window.x() + x;
        int py = window.y() + y;
        boolean on = px >= 0 && py >= 0 && px < W && py < H && (mask == null || mask[py * W + px] != 0);
        for (int c = 0; c < 3; c++) {
          out[(y * s + x) * 3 + c] = on ? photo.pixels()[(py * W + px) * 3 + c]
              : background == null ? 0 : (byte) Math.round(background[c]);
        }
      }
    }
    return new DecodedImage(s, s, 3, out);
  }
}
