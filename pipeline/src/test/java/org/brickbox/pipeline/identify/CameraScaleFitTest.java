package org.brickbox.pipeline.identify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A camera's scale per side name: the median of its photos' estimates, the unusable ones left out. */
class CameraScaleFitTest {
  private static CameraScaleFit.PhotoEstimate estimate(String photo, double scale) {
    return new CameraScaleFit.PhotoEstimate(photo, "3001", "3001", PhotoFolder.nameOf(photo).side(), scale);
  }

  @Test
  void eachSideGetsItsPhotosMedianAndQuartilesThenAllTogether() {
    List<CameraScaleFit.Scale> scales = CameraScaleFit.fit(List.of(estimate("a_front.jpg", 10), estimate("b_front.jpg",
        12), estimate("c_front.jpg", 11), estimate("d_front.jpg", 30), estimate("a_below.jpg", 20),
        estimate("b_below.jpg", Double.NaN), estimate("c_below.jpg", 0), estimate("d_below.jpg",
        Double.POSITIVE_INFINITY)));
    assertEquals(List.of(new CameraScaleFit.Scale("below", 1, 20, 20, 20),
        new CameraScaleFit.Scale("front", 4, 11.5, 10.75, 16.5),
        new CameraScaleFit.Scale("all", 5, 12, 11, 20)), scales);
    assertEquals(List.of(), CameraScaleFit.fit(List.of(estimate("a_front.jpg", Double.NaN))));
    assertEquals(11.5, CameraScaleFit.scaleOf(scales, "front"));
    assertEquals(12, CameraScaleFit.scaleOf(scales, "back"), "a side without estimates: the median of all");
    assertEquals(Double.NaN, CameraScaleFit.scaleOf(List.of(), "front"));
  }
}
