package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Silhouette cues on masks the test draws: known values and the invariances the fusion relies on. */
class ShapeCuesTest {
  static final int SIZE = 200;

  /** A mask with the pixels inside {@code inside} set. */
  static byte[] draw(java.util.function.BiPredicate<Double, Double> inside) {
    byte[] mask = new byte[SIZE * SIZE];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        if (inside.test(x + 0.5, y + 0.5)) mask[y * SIZE + x] = (byte) 255;
      }
    }
    return mask;
  }

  static ShapeDescriptor cues(java.util.function.BiPredicate<Double, Double> inside) {
    return ShapeCues.of(draw(inside), SIZE, SIZE);
  }

  @Test
  void rectangleCircleAndRingHaveTheirKnownCues() {
    ShapeDescriptor rectangle = cues((x, y) -> x >= 40 && x < 160 && y >= 70 && y < 130);
    assertEquals(Math.log(0.5), rectangle.features()[ShapeCues.ELONGATION], 0.04, "elongation: log of 60/120");
    assertEquals(1.0, rectangle.features()[1], 0.02, "solidity");
    assertEquals(1.0, rectangle.features()[2], 0.02, "extent");
    assertEquals(0, rectangle.holes());

    ShapeDescriptor disc = cues((x, y) -> Math.hypot(x - 100, y - 100) < 60);
    assertEquals(0, disc.features()[ShapeCues.ELONGATION], 0.02, "no elongation");
    assertEquals(Math.PI / 4, disc.features()[2], 0.03, "extent of a disc in its square");
    assertTrue(disc.features()[3] > 0.85, "circularity " + disc.features()[3]);

    ShapeDescriptor ring = cues((x, y) -> Math.hypot(x - 100, y - 100) < 60 && Math.hypot(x - 100, y - 100) > 25);
    assertEquals(1, ring.holes());
    assertTrue(ring.features()[4] > 0.6, "log1p(1 hole)");

    ShapeDescriptor needle = cues((x, y) -> x >= 40 && x < 160 && y >= 99 && y < 100);
    assertEquals(Math.log(ShapeCues.MIN_ASPECT), needle.features()[ShapeCues.ELONGATION], 1e-6,
        "a line one pixel wide is as elongated as elongation measures");
  }

  @Test
  void cuesDoNotChangeWithPositionScaleOrRotation() {
    ShapeDescriptor l = cues((x, y) -> (x >= 40 && x < 70 && y >= 40 && y < 160) || (x >= 40 && x < 130 && y >= 130 && y < 160));
    ShapeDescriptor smallerMovedRotated = cues((x, y) -> {
      // The same L at 2/3 scale, rotated 90°, elsewhere in the frame.
      double u = (y - 30) * 1.5 + 40;
      double v = 160 - (x - 90) * 1.5;
      return (u >= 40 && u < 70 && v >= 40 && v < 160) || (u >= 40 && u < 130 && v >= 130 && v < 160);
    });
    ShapeDescriptor square = cues((x, y) -> x >= 50 && x < 150 && y >= 50 && y < 150);
    double same = distance(l, smallerMovedRotated);
    double other = distance(l, square);
    assertTrue(same * 5 < other, "L vs transformed L " + same + ", L vs square " + other);
  }

  private static double distance(ShapeDescriptor a, ShapeDescriptor b) {
    double sum = 0;
    for (int i = 0; i < a.features().length; i++) sum += Math.abs(a.features()[i] - b.features()[i]);
    return sum;
  }

  @Test
  void speckleIsNotAHoleAndEqualMasksGiveEqualCues() {
    ShapeDescriptor specked = cues((x, y) -> x >= 40 && x < 160 && y >= 40 && y < 160 && !(x > 99 && x < 101 && y > 99 && y < 101));
    assertEquals(0, specked.holes());
    byte[] mask = draw((x, y) -> x > 30 && y > 30 && x + y < 250);
    assertArrayEquals(ShapeCues.of(mask, SIZE, SIZE).features(), ShapeCues.of(mask.clone(), SIZE, SIZE).features());
  }

  @Test
  void anEmptyMaskHasNoShape() {
    var e = assertThrows(IllegalArgumentException.class, () -> ShapeCues.of(new byte[SIZE * SIZE], SIZE, SIZE));
    assertTrue(e.getMessage().contains("empty"));
  }

  /**
   * A bar 120 x 10 pixels reads 120 long at any angle, where its bounding box's longer side reads 120 level and
   * about 92 at 45 degrees; only the largest blob counts. The length comes with the cues, from the same outline.
   */
  @Test
  void aPartsLengthDoesNotChangeWithItsAngle() {
    for (int degrees : new int[] {0, 20, 45, 70, 90}) {
      double a = Math.toRadians(degrees);
      java.util.function.BiPredicate<Double, Double> bar = (x, y) -> {
        double u = (x - 100) * Math.cos(a) + (y - 100) * Math.sin(a);
        double v = -(x - 100) * Math.sin(a) + (y - 100) * Math.cos(a);
        return Math.abs(u) < 60 && Math.abs(v) < 5;
      };
      byte[] withSpeck = draw((x, y) -> bar.test(x, y) || (x > 185 && y > 185)); // another, smaller blob
      ShapeCues.Measured measured = ShapeCues.measure(withSpeck, SIZE, SIZE);
      assertEquals(120, measured.length(), 2.5, degrees + " degrees");
      assertEquals(ShapeCues.of(withSpeck, SIZE, SIZE), measured.shape());
      if (degrees == 45) {
        assertEquals(92, ShapeCues.fill(draw(bar), SIZE, SIZE) * SIZE, 3, "the box reads it short");
      }
    }
  }

  @Test
  void theMedianFillIsTheMiddleFillOfTheViewsAndNaNForNone() {
    double[] fills = {0.9, 0.2, 0.5, 0.7};
    assertEquals(0.5, ShapeCues.medianFill(new double[] {0.9, 0.2, 0.5}));
    assertEquals(0.7, ShapeCues.medianFill(fills), "the upper middle of an even count");
    assertArrayEquals(new double[] {0.9, 0.2, 0.5, 0.7}, fills, "the input is left in its order");
    assertTrue(Double.isNaN(ShapeCues.medianFill(new double[0])));
  }
}
