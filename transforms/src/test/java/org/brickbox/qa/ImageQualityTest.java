package org.brickbox.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.qa.QaRenders.View;
import org.brickbox.render.RenderSettings;
import org.junit.jupiter.api.Test;

/** Metrics and rules on real renders of real parts, and on edits of them that each break one property. */
class ImageQualityTest {
  private static final QaThresholds T = QaThresholds.DEFAULTS;

  private static View brick(int colour, Integer backgroundRgb) {
    return QaRenders.render("3001", QaRenders.settings().fixedColour(colour).backgroundRgb(backgroundRgb).build(), 1);
  }

  @Test
  void aGoodRenderPassesEveryRule() {
    ImageMetrics m = QaRenders.measure(brick(4, null));
    assertEquals(List.of(), QaRules.imageReasons(m, T), m.toString());
    assertNull(m.ssim(), "no previous image, no SSIM");
    assertEquals(0, m.border());
    assertTrue(m.coverage() > 0.05 && m.coverage() < 0.8, m.toString());
  }

  @Test
  void aBlackPartOnABlackBackgroundFailsContrastWhileOnItsSeededBackgroundItPasses() {
    int legoBlack = QaRenders.colours().resolve(0).rgb();
    int failed = 0;
    for (int view = 0; view < 8; view++) {
      // Without outline lines, which the renderer draws in a light grey around black parts.
      RenderSettings onBlack = QaRenders.settings().fixedColour(0).edges(false).backgroundRgb(legoBlack).build();
      ImageMetrics m = QaRenders.measure(QaRenders.render("3001", onBlack, view));
      if (QaRules.imageReasons(m, T).contains(QaRules.LOW_CONTRAST)) failed++;

      ImageMetrics seeded = QaRenders.measure(QaRenders.render("3001",
          QaRenders.settings().fixedColour(0).edges(false).build(), view));
      assertTrue(seeded.contrast() > T.minContrast(), "view " + view + " on its seeded background: " + seeded);
      assertTrue(seeded.contrast() > m.contrast(), "view " + view);
    }
    // Two views onto the lit top face still show the part (RGB distance 33 and 47); the other six must fail.
    assertTrue(failed >= 6, failed + " of 8 views of a black brick on black failed contrast");
  }

  @Test
  void silhouetteContrastIsTheDistanceBetweenEachSidesOwnColour() {
    // A flat part on a flat background: every local mean is that side's colour, whatever the blur, so the contrast is
    // the RGB distance between the two colours (a channel or side mixed up would not give it).
    int[] part = {200, 30, 60};
    int[] surface = {90, 140, 220};
    ImageMetrics flat = ImageQuality.measure(square(64, 20, 24, (x, y) -> part, (x, y) -> surface),
        squareMask(64, 20, 24), null);
    assertEquals(Math.sqrt(110 * 110 + 110 * 110 + 160 * 160), flat.contrast(), 1e-3);

    // The background bright next to the part and black beyond 16 pixels (farther than the blur reaches from the
    // outline): only the background near the outline counts, so the contrast is the distance to that bright grey,
    // not to the background's mean over the frame (about 60).
    ImageMetrics local = ImageQuality.measure(square(96, 36, 24, (x, y) -> new int[] {100, 100, 100},
        (x, y) -> near(x, y, 36, 24) ? new int[] {200, 200, 200} : new int[] {0, 0, 0}), squareMask(96, 36, 24), null);
    assertEquals(100 * Math.sqrt(3), local.contrast(), 1e-3, local.toString());
  }

  /** Whether (x, y) lies within 16 pixels of the square at (at, at) of side {@code side}. */
  private static boolean near(int x, int y, int at, int side) {
    return x >= at - 16 && x < at + side + 16 && y >= at - 16 && y < at + side + 16;
  }

  private interface Colour {
    int[] at(int x, int y);
  }

  /** An RGB image with a square part of side {@code side} at (at, at). */
  private static DecodedImage square(int size, int at, int side, Colour part, Colour background) {
    byte[] rgb = new byte[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        boolean inside = x >= at && x < at + side && y >= at && y < at + side;
        int[] c = inside ? part.at(x, y) : background.at(x, y);
        for (int k = 0; k < 3; k++) rgb[(y * size + x) * 3 + k] = (byte) c[k];
      }
    }
    return new DecodedImage(size, size, 3, rgb);
  }

  private static DecodedImage squareMask(int size, int at, int side) {
    byte[] mask = new byte[size * size];
    for (int y = at; y < at + side; y++) for (int x = at; x < at + side; x++) mask[y * size + x] = (byte) 255;
    return new DecodedImage(size, size, 1, mask);
  }

  @Test
  void aPartPushedAgainstTheEdgeFailsClipping() {
    View view = brick(4, null);
    View clipped = QaRenders.shifted(view, -view.image().width() / 3);
    ImageMetrics m = QaRenders.measure(clipped);
    assertTrue(m.border() > 0, m.toString());
    assertEquals(List.of(QaRules.CLIPPED), QaRules.imageReasons(m, T));
  }

  @Test
  void aBlurredCopyFailsSharpness() {
    View view = brick(4, null);
    ImageMetrics sharp = QaRenders.measure(view);
    ImageMetrics blurred = QaRenders.measure(QaRenders.blurred(view, 3));
    assertTrue(sharp.sharpness() > 10 * blurred.sharpness(), sharp.sharpness() + " vs " + blurred.sharpness());
    assertTrue(QaRules.imageReasons(blurred, T).contains(QaRules.LOW_SHARPNESS), blurred.toString());
  }

  @Test
  void blownOutAndCrushedPartsFailExposure() {
    View view = brick(4, 0x808080);
    ImageMetrics white = QaRenders.measure(QaRenders.partPainted(view, 255));
    assertEquals(1.0, white.saturated());
    assertTrue(QaRules.imageReasons(white, T).contains(QaRules.OVEREXPOSED));
    ImageMetrics black = QaRenders.measure(QaRenders.partPainted(view, 0));
    assertEquals(1.0, black.crushed());
    assertTrue(QaRules.imageReasons(black, T).contains(QaRules.UNDEREXPOSED));
    ImageMetrics normal = QaRenders.measure(view);
    assertEquals(0.0, normal.crushed());
  }

  @Test
  void ssimIsOneForTheSameImageAndLowForAChangedRender() {
    View view = brick(4, null);
    ImageMetrics same = ImageQuality.measure(view.image(), view.mask(), view.image());
    assertEquals(1.0, same.ssim(), 1e-9);
    assertFalse(QaRules.imageReasons(same, T).contains(QaRules.SSIM_REGRESSION));

    // The same key rendered with another seed: other lights, jitter and background, as a renderer regression would.
    RenderSettings reseeded = QaRenders.settings().fixedColour(4).seed(99).build();
    View changed = QaRenders.render("3001", reseeded, 1);
    ImageMetrics regressed = ImageQuality.measure(view.image(), view.mask(), changed.image());
    assertTrue(regressed.ssim() < T.minSsim(), regressed.toString());
    assertTrue(QaRules.imageReasons(regressed, T).contains(QaRules.SSIM_REGRESSION));
  }

  @Test
  void ssimAgainstAPreviousImageOfAnotherSizeComparesAtThisSize() {
    View small = brick(4, null);
    View large = QaRenders.render("3001", QaRenders.settings().fixedColour(4).imageSize(256).build(), 1);
    double ssim = ImageQuality.measure(small.image(), small.mask(), large.image()).ssim();
    assertTrue(ssim > 0.5 && ssim < 1, "same picture at another resolution is similar, not equal: " + ssim);
  }

  @Test
  void perceptualHashesOfIdenticalViewsAreEqualAndOfOtherViewsDiffer() {
    View a = brick(4, null);
    View again = brick(4, null);
    long hashA = PerceptualHash.parse(QaRenders.measure(a).phash());
    assertEquals(0, PerceptualHash.distance(hashA, PerceptualHash.parse(QaRenders.measure(again).phash())));
    View other = QaRenders.render("3001", QaRenders.settings().build(), 4);
    int d = PerceptualHash.distance(hashA, PerceptualHash.parse(QaRenders.measure(other).phash()));
    assertTrue(d > T.nearDuplicateBits(), "another viewpoint is not a near-duplicate: " + d + " bits");
    // Masked: the background does not count, so the same view on another background hashes alike.
    View otherBackground = brick(4, 0x20C020);
    assertEquals(0, PerceptualHash.distance(hashA,
        PerceptualHash.parse(QaRenders.measure(otherBackground).phash())), "background changes the hash");
  }

  @Test
  void snrIsHighOnAPlainBackgroundAndFiniteWhenPartAndBackgroundAreAlike() {
    ImageMetrics plain = QaRenders.measure(brick(15, 0x000000));
    assertTrue(plain.snrDb() > 30, plain.toString());
    ImageMetrics alike = QaRenders.measure(brick(0, 0x000000));
    assertTrue(Double.isFinite(alike.snrDb()) && alike.snrDb() < plain.snrDb(), alike.toString());
  }

  @Test
  void aMaskOfAnotherSizeIsRejected() {
    View a = brick(4, null);
    View b = QaRenders.render("3001", QaRenders.settings().imageSize(64).build(), 1);
    assertThrows(IllegalArgumentException.class, () -> ImageQuality.measure(a.image(), b.mask(), null));
    assertNotEquals(a.image().width(), b.mask().width());
  }
}
