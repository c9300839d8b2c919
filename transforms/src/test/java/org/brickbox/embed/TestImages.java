package org.brickbox.embed;

import java.util.SplittableRandom;
import org.brickbox.io.image.DecodedImage;

/** Synthetic images for the embedding tests, and the engine settings every test shares. */
final class TestImages {
  /** Default cache dir (~/.djl.ai, or $DJL_CACHE_DIR): natives are extracted once, not per test. */
  static final DjlEngine ENGINE = new DjlEngine(null, 1);

  private TestImages() {}

  static DecodedImage gradient(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[w * h * 3];
    int a = r.nextInt(256);
    int b = r.nextInt(256);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        px[i] = (byte) ((x * 255 / w + a) & 0xFF);
        px[i + 1] = (byte) ((y * 255 / h + b) & 0xFF);
        px[i + 2] = (byte) r.nextInt(256);
      }
    }
    return new DecodedImage(w, h, 3, px);
  }
}
