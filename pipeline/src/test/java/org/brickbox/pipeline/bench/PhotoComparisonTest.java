package org.brickbox.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.brickbox.io.records.Json;
import org.junit.jupiter.api.Test;

/**
 * Two reports of the same photos compared: captures matched by part and capture, photos by part and file name
 * wherever the folder lies, fixed and broken answers counted at top-1 and top-K, and the sign test's p of the split.
 */
class PhotoComparisonTest {
  /** A capture of two photos, "front" and "back", in folder {@code root}, with these ranks (0: not in the top K). */
  static CaptureResult capture(String root, String part, String name, int fused, int front, int back) {
    List<CaptureResult.PhotoResult> photos = List.of(
        new CaptureResult.PhotoResult(root + "/" + part + "/" + name + "_front.jpg", "x", front, null, null),
        new CaptureResult.PhotoResult(root + "/" + part + "/" + name + "_back.jpg", "x", back, null, null));
    return new CaptureResult(part, name, true, photos, List.of(), fused);
  }

  static PhotoBenchmark.Report report(String root, List<CaptureResult> captures) {
    return new PhotoBenchmark.Report("index", "model", 10, root, PhotoScores.of(captures, 5), captures, List.of(),
        null);
  }

  @Test
  void countsWhatTheChangeFixedAndBrokeOnTheCapturesAndPhotosBothHold() {
    List<CaptureResult> before = new ArrayList<>(List.of(
        capture("/old", "3001", "c1", 1, 1, 2),
        capture("/old", "3001", "c2", 2, 2, 1),
        capture("/old", "3002", "c1", 0, 0, 0),
        capture("/old", "3002", "c2", 1, 1, 1),
        capture("/old", "3003", "c1", 1, 1, 1)));   // only before
    List<CaptureResult> now = new ArrayList<>(List.of(
        capture("/new", "3001", "c1", 3, 3, 2),     // top-1 broken; front photo broken
        capture("/new", "3001", "c2", 1, 1, 1),     // top-1 fixed; front photo fixed
        capture("/new", "3002", "c1", 4, 0, 1),     // into the top 5; back photo fixed
        capture("/new", "3002", "c2", 1, 1, 1),     // unchanged
        capture("/new", "3004", "c1", 1, 1, 1),     // only now
        capture("/new", "3004", "c2", 1, 1, 1)));   // only now

    PhotoComparison c = PhotoComparison.of("old/photos.json", report("/old", before), report("/new", now));

    assertEquals(4, c.captures());
    assertEquals(3, c.capturesInOne());
    assertEquals(0.5, c.fusedTop1Before(), 1e-12, "2 of the 4 shared captures were right before");
    assertEquals(0.5, c.fusedTop1Now(), 1e-12);
    assertEquals(new PhotoComparison.Split(1, 1, 0.75), c.fusedTop1(), "P(X >= 1) for X ~ B(2, 1/2)");
    assertEquals(new PhotoComparison.Split(1, 0, 0.5), c.fusedTopK());
    assertEquals(8, c.photos(), "photos matched by part and file name although the folders differ");
    assertEquals(2, c.singleTop1().fixed());
    assertEquals(1, c.singleTop1().broken());
    assertEquals(0.5, c.singleTop1().p(), 1e-12, "P(X >= 2) for X ~ B(3, 1/2)");
    assertEquals(List.of(new PhotoComparison.Change("3001", "c1", 1, 3), new PhotoComparison.Change("3001", "c2", 2, 1),
        new PhotoComparison.Change("3002", "c1", 0, 4)), c.changed());
    List<String> lines = c.lines(5);
    assertEquals("against old/photos.json: 4 captures in both (3 in only one, left out), fused top-1 over them "
        + "0.500 -> 0.500", lines.get(0));
    assertTrue(lines.get(1).contains("fixed 1, broken 1 (sign test p 0.75"), lines.get(1));
    assertEquals("  captures, top-5: fixed 1, broken 0 (sign test p 0.50 that a split this uneven is chance)",
        lines.get(2));
    assertTrue(lines.get(3).startsWith("  single photos (8 in both), top-1: fixed 2, broken 1"), lines.get(3));
  }

  @Test
  void aLopsidedSplitHasASmallP() {
    List<CaptureResult> before = new ArrayList<>();
    List<CaptureResult> now = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      before.add(capture("/p", "3001", "c" + i, 2, 2, 2));
      now.add(capture("/p", "3001", "c" + i, 1, 1, 1));
    }
    PhotoComparison c = PhotoComparison.of("b.json", report("/p", before), report("/p", now));
    assertEquals(10, c.fusedTop1().fixed());
    assertEquals(Math.pow(0.5, 10), c.fusedTop1().p(), 1e-15);
    assertEquals(new PhotoComparison.Split(0, 0, 1), c.fusedTopK(), "nothing changed at top-5");
    assertEquals("  captures, top-5: none changed", c.lines(5).get(2));
  }

  @Test
  void reportsWithNoCaptureInCommonAreRefused() {
    var before = report("/a", List.of(capture("/a", "3001", "c1", 1, 1, 1)));
    var now = report("/b", List.of(capture("/b", "3002", "c1", 1, 1, 1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PhotoComparison.of("a.json", before, now));
    assertTrue(e.getMessage().contains("none of its 1 captures is in /b"), e.getMessage());
  }

  @Test
  void aReportWithItsComparisonReadsBack() throws Exception {
    var before = report("/a", List.of(capture("/a", "3001", "c1", 2, 2, 1)));
    var now = report("/a", List.of(capture("/a", "3001", "c1", 1, 1, 1)));
    var compared = now.withComparison(PhotoComparison.of("a.json", before, now));
    var read = Json.read(Json.pretty(compared), PhotoBenchmark.Report.class);
    assertEquals(compared.comparison(), read.comparison());
  }
}
