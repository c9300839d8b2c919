package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilhouetteDistanceTest {
  private static ShapeDescriptor shape(double aspect, double solidity) {
    float[] f = new float[ShapeCues.FEATURES.length];
    f[ShapeCues.ELONGATION] = (float) ShapeCues.elongation(aspect);
    f[1] = (float) solidity;
    return new ShapeDescriptor(f, 0);
  }

  /** References spread over aspect and solidity, so that each has a unit. */
  private static List<ReferenceView> references() {
    List<ReferenceView> views = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      views.add(new ReferenceView("r" + i, "p" + i, "", 4, 0, shape(0.05 + 0.045 * i, 0.5 + 0.02 * i), false));
    }
    return views;
  }

  /**
   * A 1x8 brick seen from above (aspect 1/8) against a 1x10 (1/10) is as far apart as two squarish parts whose
   * sides differ by the same 25 %, though their aspects differ by 0.025 against 0.16.
   */
  @Test
  void lengthTwinsAreAsFarApartAsTheRatioOfTheirLengthsSays() {
    SilhouetteDistance d = SilhouetteDistance.over(references());
    double twins = d.between(shape(1 / 8.0, 0.9), shape(1 / 10.0, 0.9));
    double squarish = d.between(shape(0.8, 0.9), shape(0.64, 0.9));
    assertEquals(squarish, twins, 1e-6);
    assertTrue(twins > 5 * d.between(shape(0.12, 0.9), shape(0.125, 0.9)));
  }

  /**
   * With a calibrated camera a 1x8 and a 1x10 brick seen the same way differ by their size (64 against 80 mm) even
   * where the outline is the same; a size on one side only, or none, leaves the distance as it was.
   */
  @Test
  void sizesInMillimetresCountWhereBothSidesHaveOne() {
    SilhouetteDistance d = SilhouetteDistance.over(references());
    ShapeDescriptor seen = shape(0.2, 0.9);
    double outlineOnly = d.between(seen, shape(0.22, 0.9));
    assertEquals(outlineOnly, d.between(seen, Double.NaN, shape(0.22, 0.9), 80), 1e-12);
    assertEquals(outlineOnly, d.between(seen, 64, shape(0.22, 0.9), Double.NaN), 1e-12);
    double sameSize = d.between(seen, 64, shape(0.22, 0.9), 64);
    double twin = d.between(seen, 64, shape(0.22, 0.9), 80);
    double weights = SilhouetteDistance.ELONGATION_WEIGHT + ShapeCues.FEATURES.length - 1;
    // the same size adds nothing but a share of the mean; a 25 % longer twin adds log(1.25) in units of SIZE_SCALE
    assertEquals(outlineOnly * weights / (weights + SilhouetteDistance.SIZE_WEIGHT), sameSize, 1e-9);
    assertEquals(sameSize + SilhouetteDistance.SIZE_WEIGHT * Math.log(80 / 64.0) / SilhouetteDistance.SIZE_SCALE
        / (weights + SilhouetteDistance.SIZE_WEIGHT), twin, 1e-9);
    assertEquals(twin, d.between(seen, 80, shape(0.22, 0.9), 64), 1e-9, "a ratio either way");
    assertTrue(twin > 3 * outlineOnly, "the size tells the twins apart where the outline barely does");
    assertTrue(Double.isNaN(d.between(null, 64, seen, 64)), "no silhouette: no distance, size or not");
  }

  /**
   * A photo that counts 8 repeats against a part whose rendered views count 8 (or its underside's 7, or an end's 2)
   * and against the 1 x 10 twin whose views count 10: the share of views that disagree is the mismatch, a part with
   * no counted view disagrees whole, and a photo without a count is judged without it.
   */
  @Test
  void theRepeatCountIsJudgedAgainstAllOfAPartsCountedViews() {
    List<ReferenceView> views = new ArrayList<>(references());
    float[] counts8 = {8.1f, 8.3f, 7.9f, 2.1f};
    for (int i = 0; i < counts8.length; i++) {
      views.add(new ReferenceView("b8/" + i, "brick1x8", "", 4, i, shape(0.12, 0.9).withPeriods(counts8[i]), false));
    }
    views.add(new ReferenceView("b8/x", "brick1x8", "", 4, 9, shape(0.12, 0.9), false));
    for (int i = 0; i < 3; i++) {
      views.add(new ReferenceView("b10/" + i, "brick1x10", "", 4, i, shape(0.1, 0.9).withPeriods(10.2f), false));
    }
    views.add(new ReferenceView("photo", "brick1x10", "", 4, -1, shape(0.1, 0.9).withPeriods(8), true));
    float[][] vectors = new float[views.size()][2];
    for (float[] v : vectors) v[0] = 1;
    try (ReferenceIndex index = new ReferenceIndex(views, vectors, new ExactSearch(vectors))) {
      ShapeDescriptor photo = shape(0.12, 0.9).withPeriods(8.2);
      assertEquals(0.25, index.periodsMismatch(photo, "brick1x8"), 1e-9, "one view of four is an end");
      assertEquals(1, index.periodsMismatch(photo, "brick1x10"), 1e-9, "a user's photo reference is not counted");
      assertEquals(1, index.periodsMismatch(photo, "p3"), 1e-9, "no counted view");
      assertTrue(Double.isNaN(index.periodsMismatch(shape(0.12, 0.9), "brick1x8")));
      float[][] fewer = java.util.Arrays.copyOf(vectors, 20);
      try (ReferenceIndex uncounted = new ReferenceIndex(references(), fewer, new ExactSearch(fewer))) {
        assertTrue(Double.isNaN(uncounted.periodsMismatch(photo, "p3")), "an index without counts is judged without");
      }

      SilhouetteDistance d = SilhouetteDistance.over(views);
      ShapeDescriptor view = shape(0.12, 0.9);
      double outline = d.between(photo, Double.NaN, view, Double.NaN, Double.NaN);
      double weights = SilhouetteDistance.ELONGATION_WEIGHT + ShapeCues.FEATURES.length - 1;
      assertEquals(outline * weights / (weights + SilhouetteDistance.PERIODS_WEIGHT),
          d.between(photo, Double.NaN, view, Double.NaN, 0), 1e-9, "agreement adds only a share of the mean");
      assertEquals((outline * weights + SilhouetteDistance.PERIODS_WEIGHT / SilhouetteDistance.PERIODS_SCALE)
          / (weights + SilhouetteDistance.PERIODS_WEIGHT), d.between(photo, Double.NaN, view, Double.NaN, 1), 1e-9);
    }
  }

  @Test
  void elongationCountsTwiceAnotherFeatureInItsOwnUnit() {
    SilhouetteDistance d = SilhouetteDistance.over(references());
    float[] unit = d.scale();
    double elongation = d.between(shape(0.3, 0.7), shape(0.3 * Math.exp(unit[ShapeCues.ELONGATION]), 0.7));
    double solidity = d.between(shape(0.3, 0.7), shape(0.3, 0.7 + unit[1]));
    assertEquals(SilhouetteDistance.ELONGATION_WEIGHT * solidity, elongation, 1e-5);
    assertEquals(0, d.between(shape(0.3, 0.7), shape(0.3, 0.7)));
  }

  @Test
  void photosAndViewsWithoutSilhouetteDoNotSetTheUnitAndHaveNoDistance() {
    List<ReferenceView> views = references();
    SilhouetteDistance renders = SilhouetteDistance.over(views);
    List<ReferenceView> withOthers = new ArrayList<>(views);
    withOthers.add(new ReferenceView("photo", "p0", "", 4, -1, shape(0.99, 0.01), true));
    withOthers.add(new ReferenceView("none", "p1", "", 4, 0, null, false));
    assertArrayEquals(renders.scale(), SilhouetteDistance.over(withOthers).scale());
    assertTrue(Double.isNaN(renders.between(null, shape(0.5, 0.5))));
    assertTrue(Double.isNaN(renders.between(shape(0.5, 0.5), null)));
  }
}
