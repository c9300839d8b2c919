package org.brickbox.render.photo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bytedeco.opencv.global.opencv_core;
import org.junit.jupiter.api.Test;

class CameraStageTest {
  private static final int W = 96;
  private static final int H = 80;

  private static CameraEffects only(double defocus, double motion, double angle, double exposure, double[] wb,
      double noise, double vignetting, double resample, int jpeg) {
    return new CameraEffects(defocus, motion, angle, exposure, wb[0], wb[1], wb[2], noise, vignetting, resample, jpeg);
  }

  private static final double[] NEUTRAL = {1, 1, 1};

  private static byte[] applied(byte[] image, int width, int height, CameraEffects effects, long seed) {
    byte[] out = image.clone();
    new CameraStage().apply(out, width, height, effects, new SplittableRandom(seed));
    return out;
  }

  private static double mean(byte[] rgb, int channel) {
    double sum = 0;
    for (int i = channel; i < rgb.length; i += 3) sum += rgb[i] & 0xFF;
    return sum / (rgb.length / 3);
  }

  private static double meanAll(byte[] rgb) {
    return (mean(rgb, 0) + mean(rgb, 1) + mean(rgb, 2)) / 3;
  }

  private static double standardDeviation(byte[] rgb) {
    double m = meanAll(rgb);
    double sum = 0;
    for (byte b : rgb) sum += ((b & 0xFF) - m) * ((b & 0xFF) - m);
    return Math.sqrt(sum / rgb.length);
  }

  /** Sum of squared differences between horizontal neighbours plus vertical neighbours: high-frequency energy. */
  private static double gradientEnergy(byte[] rgb, int width, int height) {
    double sum = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = (y * width + x) * 3;
        if (x + 1 < width) sum += square((rgb[p] & 0xFF) - (rgb[p + 3] & 0xFF));
        if (y + 1 < height) sum += square((rgb[p] & 0xFF) - (rgb[p + width * 3] & 0xFF));
      }
    }
    return sum;
  }

  private static double square(double v) {
    return v * v;
  }

  private static double psnr(byte[] a, byte[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) sum += square((a[i] & 0xFF) - (b[i] & 0xFF));
    return 10 * Math.log10(255.0 * 255.0 / Math.max(sum / a.length, 1e-12));
  }

  @Test
  void noneLeavesTheImageByteIdenticalAndDrawsNothing() {
    byte[] scene = TestImages.scene(W, H);
    SplittableRandom noise = new SplittableRandom(5);
    byte[] out = scene.clone();
    new CameraStage().apply(out, W, H, CameraEffects.NONE, noise);
    assertArrayEquals(scene, out);
    assertEquals(new SplittableRandom(5).nextLong(), noise.nextLong(), "NONE must not draw from the noise stream");
  }

  @Test
  void neutralLinearPassLeavesEveryLevelUnchanged() {
    // Exposure 1 with a vanishing vignette still runs the linear-light path: every 8-bit level must come back.
    byte[] ramp = new byte[256 * 3];
    for (int i = 0; i < ramp.length; i++) ramp[i] = (byte) (i / 3);
    assertArrayEquals(ramp, applied(ramp, 256, 1, only(0, 0, 0, 1, NEUTRAL, 0, 1e-9, 1, 0), 1));
  }

  @Test
  void exposureAboveOneBrightensAndBelowOneDarkens() {
    byte[] scene = TestImages.scene(W, H);
    double before = meanAll(scene);
    assertTrue(meanAll(applied(scene, W, H, only(0, 0, 0, 1.3, NEUTRAL, 0, 0, 1, 0), 1)) > before + 5);
    assertTrue(meanAll(applied(scene, W, H, only(0, 0, 0, 0.75, NEUTRAL, 0, 0, 1, 0), 1)) < before - 5);
    // A gain acts on linear light: grey 128 (linear 0.216) doubled is linear 0.432, sRGB 175.6.
    byte[] doubled = applied(TestImages.flat(4, 4, 128), 4, 4, only(0, 0, 0, 2, NEUTRAL, 0, 0, 1, 0), 1);
    assertEquals(176, doubled[0] & 0xFF);
  }

  @Test
  void warmLightRaisesRedOverBlueAndKeepsGreyNearItsBrightness() {
    byte[] grey = TestImages.flat(W, H, 150);
    byte[] warm = applied(grey, W, H, only(0, 0, 0, 1, WhiteBalance.gains(3000, 0, 0.35), 0, 0, 1, 0), 1);
    byte[] cool = applied(grey, W, H, only(0, 0, 0, 1, WhiteBalance.gains(7500, 0, 0.35), 0, 0, 1, 0), 1);
    assertTrue(mean(warm, 0) / mean(warm, 2) > 1.1, "warm R/B " + mean(warm, 0) / mean(warm, 2));
    assertTrue(mean(cool, 0) / mean(cool, 2) < 0.97, "cool R/B " + mean(cool, 0) / mean(cool, 2));
    double luma = 0.2126 * mean(warm, 0) + 0.7152 * mean(warm, 1) + 0.0722 * mean(warm, 2);
    assertEquals(150, luma, 6);
  }

  @Test
  void noiseRaisesTheSpreadOfAFlatImageByAboutSigma() {
    for (double sigma : new double[] {2, 6}) {
      byte[] noisy = applied(TestImages.flat(W, H, 128), W, H, only(0, 0, 0, 1, NEUTRAL, sigma, 0, 1, 0), 3);
      assertEquals(sigma, standardDeviation(noisy), 0.08 * sigma, "sigma " + sigma);
      assertEquals(128, meanAll(noisy), 0.3);
    }
    // Shot noise through the sRGB curve: in 8-bit levels ×0.9 of mid grey's on light grey, ×1.6 near black.
    double[][] expected = {{20, 1.6}, {60, 1.16}, {220, 0.9}};
    for (double[] e : expected) {
      byte[] noisy = applied(TestImages.flat(W, H, (int) e[0]), W, H, only(0, 0, 0, 1, NEUTRAL, 4, 0, 1, 0), 3);
      assertEquals(e[1] * 4, standardDeviation(noisy), 0.1 * e[1] * 4, "level " + e[0]);
    }
  }

  @Test
  void defocusLowersTheHighFrequencyEnergyOfACheckerboardMoreTheWiderItIs() {
    byte[] board = TestImages.checkerboard(W, H, 4, 30, 220);
    double sharp = gradientEnergy(board, W, H);
    double mild = gradientEnergy(applied(board, W, H, only(0.6, 0, 0, 1, NEUTRAL, 0, 0, 1, 0), 1), W, H);
    double strong = gradientEnergy(applied(board, W, H, only(1.5, 0, 0, 1, NEUTRAL, 0, 0, 1, 0), 1), W, H);
    assertTrue(mild < 0.8 * sharp, mild + " vs " + sharp);
    assertTrue(strong < 0.3 * mild, strong + " vs " + mild);
  }

  @Test
  void blurKeepsAFlatImageFlat() {
    byte[] flat = TestImages.flat(W, H, 90);
    assertArrayEquals(flat, applied(flat, W, H, only(2, 7, 33, 1, NEUTRAL, 0, 0, 1, 0), 1));
    assertArrayEquals(flat, applied(flat, W, H, only(0, 0, 0, 1, NEUTRAL, 0, 0, 0.55, 0), 1));
  }

  @Test
  void motionBlursAcrossItsDirectionOnly() {
    byte[] columns = new byte[W * H * 3]; // vertical stripes: vary along x
    byte[] rows = new byte[W * H * 3]; // horizontal stripes: vary along y
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int c = 0; c < 3; c++) {
          columns[(y * W + x) * 3 + c] = (byte) ((x / 3) % 2 == 0 ? 40 : 210);
          rows[(y * W + x) * 3 + c] = (byte) ((y / 3) % 2 == 0 ? 40 : 210);
        }
      }
    }
    CameraEffects horizontal = only(0, 6, 0, 1, NEUTRAL, 0, 0, 1, 0);
    assertArrayEquals(rows, applied(rows, W, H, horizontal, 1), "motion along x leaves rows alone");
    assertTrue(gradientEnergy(applied(columns, W, H, horizontal, 1), W, H) < 0.3 * gradientEnergy(columns, W, H));
    CameraEffects vertical = only(0, 6, 90, 1, NEUTRAL, 0, 0, 1, 0);
    assertArrayEquals(columns, applied(columns, W, H, vertical, 1), "motion along y leaves columns alone");
    assertTrue(gradientEnergy(applied(rows, W, H, vertical, 1), W, H) < 0.3 * gradientEnergy(rows, W, H));
  }

  @Test
  void vignettingDarkensTheCornersNotTheCentre() {
    byte[] flat = TestImages.flat(W, H, 200);
    byte[] out = applied(flat, W, H, only(0, 0, 0, 1, NEUTRAL, 0, 0.3, 1, 0), 1);
    int centre = ((H / 2) * W + W / 2) * 3;
    int corner = 0;
    assertEquals(200, out[centre] & 0xFF, 1);
    double cornerLinear = Srgb.toLinear((out[corner] & 0xFF) / 255.0);
    double centreLinear = Srgb.toLinear(200 / 255.0);
    assertEquals(0.7, cornerLinear / centreLinear, 0.02, "corner light / centre light");
  }

  @Test
  void jpegKeepsTheSizeAndStaysClose() {
    byte[] scene = TestImages.scene(W, H);
    byte[] out = applied(scene, W, H, only(0, 0, 0, 1, NEUTRAL, 0, 0, 1, 90), 1);
    assertEquals(scene.length, out.length);
    assertFalse(java.util.Arrays.equals(scene, out), "a JPEG round trip is lossy");
    assertTrue(psnr(scene, out) > 30, "PSNR " + psnr(scene, out));
    byte[] rough = applied(scene, W, H, only(0, 0, 0, 1, NEUTRAL, 0, 0, 1, 20), 1);
    assertTrue(psnr(scene, rough) < psnr(scene, out), "lower quality, further away");
  }

  @Test
  void resamplingBlursEdges() {
    byte[] board = TestImages.checkerboard(W, H, 4, 30, 220);
    double sharp = gradientEnergy(board, W, H);
    double half = gradientEnergy(applied(board, W, H, only(0, 0, 0, 1, NEUTRAL, 0, 0, 0.5, 0), 1), W, H);
    assertTrue(half < 0.75 * sharp, half + " vs " + sharp);
    byte[] scene = TestImages.scene(W, H);
    assertTrue(psnr(scene, applied(scene, W, H, only(0, 0, 0, 1, NEUTRAL, 0, 0, 0.7, 0), 1)) > 22);
  }

  private static final CameraEffects ALL =
      only(1.2, 5, 30, 1.15, WhiteBalance.gains(4000, 0.02, 0.35), 4, 0.25, 0.6, 80);

  @Test
  void sameInputsAndNoiseStateGiveTheSameBytes() {
    byte[] scene = TestImages.scene(W, H);
    byte[] first = applied(scene, W, H, ALL, 11);
    CameraStage reused = new CameraStage();
    byte[] second = scene.clone();
    reused.apply(second, W, H, CameraEffects.NONE, new SplittableRandom(1)); // scratch buffers already in use
    second = scene.clone();
    reused.apply(second, W, H, ALL, new SplittableRandom(11));
    assertArrayEquals(first, second);
    assertFalse(java.util.Arrays.equals(first, applied(scene, W, H, ALL, 12)), "another noise state, other noise");
  }

  @Test
  void resultDoesNotDependOnOpenCvsThreadCount() {
    byte[] scene = TestImages.scene(224, 224);
    CameraEffects effects = only(1.2, 5, 30, 1.15, NEUTRAL, 4, 0.25, 0.63, 80);
    int threads = opencv_core.getNumThreads();
    try {
      opencv_core.setNumThreads(1);
      byte[] one = applied(scene, 224, 224, effects, 3);
      opencv_core.setNumThreads(Math.max(4, Runtime.getRuntime().availableProcessors()));
      assertArrayEquals(one, applied(scene, 224, 224, effects, 3));
    } finally {
      opencv_core.setNumThreads(threads);
    }
  }

  @Test
  void oddSizesAndEveryEffectKeepTheShape() {
    for (int[] size : new int[][] {{37, 23}, {1, 1}, {5, 64}}) {
      byte[] image = TestImages.scene(size[0], size[1]);
      byte[] out = applied(image, size[0], size[1], ALL, 2);
      assertEquals(image.length, out.length);
    }
  }

  @Test
  void aWrongPixelCountIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CameraStage().apply(new byte[10], 2, 2, CameraEffects.NONE, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("2x2"), e.getMessage());
  }
}
