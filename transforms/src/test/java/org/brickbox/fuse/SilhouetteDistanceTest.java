package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SilhouetteDistanceTest {
  private static ShapeDescriptor shape(float aspect, float hu1, float solidity) {
    float[] f = new float[ShapeCues.FEATURES.length];
    f[0] = hu1;
    f[SilhouetteDistance.ASPECT] = aspect;
    f[8] = solidity;
    return new ShapeDescriptor(f, 0);
  }

  /** References spread over aspect, Hu moment and solidity, so that every feature has a unit. */
  private static List<ReferenceView> references() {
    List<ReferenceView> views = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      views.add(new ReferenceView("r" + i, "p" + i, "", 4, 0,
          shape(0.05f + 0.045f * i, (float) Math.sin(i), 0.5f + 0.02f * i), false));
    }
    return views;
  }

  private static double distance(SilhouetteDistance d, ShapeDescriptor a, ShapeDescriptor b) {
    return d.between(SilhouetteDistance.comparable(a), SilhouetteDistance.comparable(b));
  }

  /**
   * A 1x8 brick seen from above (aspect 1/8) against a 1x10 (1/10) is as far apart as two squarish parts whose
   * sides differ by the same 25 %, though their aspects differ by 0.025 against 0.17.
   */
  @Test
  void lengthTwinsAreAsFarApartAsTheRatioOfTheirLengthsSays() {
    SilhouetteDistance d = SilhouetteDistance.over(references());
    double twins = distance(d, shape(1 / 8f, 0, 0.9f), shape(1 / 10f, 0, 0.9f));
    double squarish = distance(d, shape(0.8f, 0, 0.9f), shape(0.64f, 0, 0.9f));
    assertEquals(squarish, twins, 1e-6);
    assertTrue(twins > distance(d, shape(0.12f, 0, 0.9f), shape(0.125f, 0, 0.9f)) * 5);
  }

  @Test
  void anAspectOfZeroStaysFinite() {
    SilhouetteDistance d = SilhouetteDistance.over(references());
    double flat = distance(d, shape(0, 0, 0.9f), shape((float) SilhouetteDistance.MIN_ASPECT, 0, 0.9f));
    assertEquals(0, flat, 1e-9);
  }

  @Test
  void theElongationOutweighsOtherFeaturesAndHuMomentsCountTheirWeight() {
    SilhouetteDistance d = SilhouetteDistance.over(references());
    float[] unit = d.scale();
    ShapeDescriptor base = shape(0.3f, 0, 0.7f);
    double elongation = distance(d, base, shape((float) (0.3 * Math.exp(unit[SilhouetteDistance.ASPECT])), 0, 0.7f));
    double solidity = distance(d, base, shape(0.3f, 0, 0.7f + unit[8]));
    double hu = distance(d, base, shape(0.3f, unit[0], 0.7f));
    assertEquals(SilhouetteDistance.ELONGATION_WEIGHT * solidity, elongation, 1e-5);
    assertEquals(SilhouetteDistance.HU_WEIGHT * solidity, hu, 1e-5);
  }

  @Test
  void photosAndViewsWithoutSilhouetteDoNotSetTheUnitAndHaveNoDistance() {
    List<ReferenceView> views = references();
    SilhouetteDistance renders = SilhouetteDistance.over(views);
    List<ReferenceView> withOthers = new ArrayList<>(views);
    withOthers.add(new ReferenceView("photo", "p0", "", 4, -1, shape(0.99f, 50, 0.01f), true));
    withOthers.add(new ReferenceView("none", "p1", "", 4, 0, null, false));
    assertEquals(java.util.Arrays.toString(renders.scale()),
        java.util.Arrays.toString(SilhouetteDistance.over(withOthers).scale()));
    assertNull(SilhouetteDistance.comparable(null));
    assertTrue(Double.isNaN(renders.between(null, SilhouetteDistance.comparable(shape(0.5f, 0, 0.5f)))));
  }
}
