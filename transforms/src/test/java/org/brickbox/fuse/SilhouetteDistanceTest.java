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
