package org.brickbox.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewpointsTest {
  private static final RenderSettings SETTINGS = RenderSettings.defaults();

  private static List<double[]> directions(RenderSettings settings, String part) {
    List<double[]> out = new ArrayList<>();
    for (RenderKey key : RenderKeys.forPart(part, settings)) {
      Viewpoint v = Viewpoints.of(settings, key);
      double az = Math.toRadians(v.azimuthDeg()), el = Math.toRadians(v.elevationDeg());
      out.add(new double[] {Math.cos(el) * Math.sin(az), Math.sin(el), Math.cos(el) * Math.cos(az)});
    }
    return out;
  }

  private static double angleDeg(double[] a, double[] b) {
    double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, dot))));
  }

  @Test
  void viewpointsStayInTheElevationBand() {
    for (String part : List.of("3001", "6141", "32523")) {
      for (RenderKey key : RenderKeys.forPart(part, SETTINGS)) {
        double el = Viewpoints.of(SETTINGS, key).elevationDeg();
        assertTrue(el >= SETTINGS.minElevationDeg() && el <= SETTINGS.maxElevationDeg(), key + ": " + el);
      }
    }
  }

  @Test
  void viewpointsAreWellSpread() {
    List<double[]> dirs = directions(SETTINGS, "3001");
    double closest = 180;
    for (int i = 0; i < dirs.size(); i++) {
      for (int j = i + 1; j < dirs.size(); j++) closest = Math.min(closest, angleDeg(dirs.get(i), dirs.get(j)));
    }
    assertTrue(closest > 10, "closest pair of the 24 views: " + closest + "°");
    // Every direction in the band has a view within 35°.
    for (int az = 0; az < 360; az += 15) {
      for (int el = -15; el <= 65; el += 10) {
        double[] d = {Math.cos(Math.toRadians(el)) * Math.sin(Math.toRadians(az)), Math.sin(Math.toRadians(el)),
            Math.cos(Math.toRadians(el)) * Math.cos(Math.toRadians(az))};
        double nearest = dirs.stream().mapToDouble(v -> angleDeg(v, d)).min().orElseThrow();
        assertTrue(nearest < 35, "direction az=" + az + " el=" + el + " is " + nearest + "° from any view");
      }
    }
  }

  @Test
  void jitterDependsOnlyOnSeedPartAndView() {
    RenderKey key = RenderKeys.forPart("3001", SETTINGS).get(7);
    assertEquals(Viewpoints.of(SETTINGS, key), Viewpoints.of(SETTINGS, key));
    RenderKey otherPart = RenderKeys.forPart("3002", SETTINGS).get(7);
    assertTrue(Viewpoints.of(SETTINGS, key).rollDeg() != Viewpoints.of(SETTINGS, otherPart).rollDeg());
    double bound = SETTINGS.rotationJitterDeg();
    Viewpoint v = Viewpoints.of(SETTINGS, key);
    assertTrue(Math.abs(v.jitterAzimuthDeg()) <= bound && Math.abs(v.rollDeg()) <= bound);
  }
}
