package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.render.RenderedView;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PeriodCountTest {
  /**
   * A bar of {@code repeats} light and dark bands along its length, {@code length} × {@code width} pixels, turned by
   * {@code degrees}, on a 224 px frame.
   */
  private static PeriodCount.Result bar(int repeats, double length, double width, double degrees) {
    int size = 224;
    byte[] rgb = new byte[size * size * 3];
    byte[] mask = new byte[size * size];
    double angle = Math.toRadians(degrees);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        double dx = x - size / 2.0;
        double dy = y - size / 2.0;
        double along = dx * Math.cos(angle) + dy * Math.sin(angle);
        double across = -dx * Math.sin(angle) + dy * Math.cos(angle);
        if (Math.abs(along) > length / 2 || Math.abs(across) > width / 2) continue;
        int i = y * size + x;
        mask[i] = (byte) 255;
        double phase = (along + length / 2) / length * repeats;
        int grey = (int) Math.round(140 + 60 * Math.cos(2 * Math.PI * phase));
        rgb[3 * i] = (byte) grey;
        rgb[3 * i + 1] = (byte) grey;
        rgb[3 * i + 2] = (byte) grey;
      }
    }
    return PeriodCount.of(rgb, mask, size, size);
  }

  @Test
  void countsTheRepeatsAlongThePartWhateverItsTurnAndForeshortening() {
    for (int repeats : new int[] {4, 6, 8, 10, 12}) {
      for (double degrees : new double[] {0, 30, 90, 145}) {
        PeriodCount.Result full = bar(repeats, 170, 22, degrees);
        assertEquals(repeats, full.clearCount(), 0.05 * repeats, repeats + " at " + degrees + "°: " + full);
        // the same bar foreshortened to 60 % of its length: pitch and length shrink alike
        PeriodCount.Result shortened = bar(repeats, 102, 22, degrees);
        assertEquals(repeats, shortened.clearCount(), 0.08 * repeats, repeats + " foreshortened: " + shortened);
      }
    }
  }

  @Test
  void aPlainPartHasNoCount() {
    PeriodCount.Result plain = bar(0, 170, 22, 20);
    assertTrue(Double.isNaN(plain.clearCount()), plain.toString());
    byte[] nothing = new byte[224 * 224];
    assertTrue(Double.isNaN(PeriodCount.of(new byte[224 * 224 * 3], nothing, 224, 224).clearCount()));
  }

  /**
   * Real renders: bricks 1 x 8 and 1 x 10 and Technic beams of 7 and 11 holes, eight views around each; the views
   * with a clear count have the part's in the median, and the twins are apart.
   */
  @Test
  void rendersOfLengthTwinsCountTheirStudsAndHoles() {
    Path root = PhotoPreparationTest.ROOT;
    Assumptions.assumeTrue(Files.isDirectory(root.resolve("parts")), "needs the LDraw library at " + root);
    LDrawLibrary library = LDrawLibrary.shared(root);
    assertEquals(8, medianCount(library, "3008"), 0.6, "brick 1 x 8");
    assertEquals(10, medianCount(library, "6111"), 0.8, "brick 1 x 10");
    assertEquals(7, medianCount(library, "32524"), 0.6, "beam of 7");
    assertEquals(11, medianCount(library, "32525"), 0.9, "beam of 11");
  }

  private static double medianCount(LDrawLibrary library, String part) {
    List<Double> counts = new ArrayList<>();
    for (int view = 0; view < 8; view++) {
      RenderedView r = TestPhotos.renderPlain(library, part, 4, view, 224);
      double count = PeriodCount.of(r.rgb(), r.mask(), r.width(), r.height()).clearCount();
      if (!Double.isNaN(count)) counts.add(count);
    }
    assertTrue(counts.size() >= 2, part + ": " + counts);
    counts.sort(null);
    return counts.get(counts.size() / 2);
  }
}
