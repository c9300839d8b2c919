package org.brickbox.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.brickbox.fuse.PartScore;
import org.junit.jupiter.api.Test;

/** The benchmark's figures from capture results alone: what counts as a hit, a miss and a confusion. */
class PhotoScoresTest {
  /** A capture of {@code part} whose fused ranking is {@code ranked}; each photo alone answered {@code alone[i]}. */
  private static CaptureResult capture(String part, boolean inIndex, String name, List<String> ranked,
      String... alone) {
    List<CaptureResult.PhotoResult> photos = new ArrayList<>();
    for (int i = 0; i < alone.length; i++) {
      photos.add(alone[i] == null ? new CaptureResult.PhotoResult(name + "_" + i + ".jpg", null, 0, "no part found", null)
          : new CaptureResult.PhotoResult(name + "_" + i + ".jpg", alone[i], alone[i].equals(part) ? 1 : 0, null, null));
    }
    List<PartScore> candidates = ranked.stream().map(p -> new PartScore(p, "", 0, 0, 0)).toList();
    return new CaptureResult(part, name, inIndex, photos, candidates, ranked.indexOf(part) + 1);
  }

  @Test
  void everyCaptureCountsAndMissesAreConfusionsMostFrequentFirst() {
    List<CaptureResult> results = List.of(
        capture("3001", true, "a", List.of("3001", "3003"), "3001", "3003", null),
        capture("3001", true, "b", List.of("3003", "3001"), "3003", "3003"),
        capture("3001", true, "c", List.of("3003", "3010"), "3003"),
        capture("3020", true, "a", List.of("3021", "3020"), "3020"),
        capture("3020", true, "b", List.of(), (String) null),
        capture("99999", false, "x", List.of("3001", "3003"), "3001"));
    PhotoScores s = PhotoScores.of(results, 2);
    assertEquals(6, s.captures());
    assertEquals(3, s.parts());
    assertEquals(9, s.photos());
    assertEquals(2, s.unusablePhotos());
    assertEquals(1, s.unanswered());
    assertEquals(1 / 6.0, s.fusedTop1(), 1e-12);
    assertEquals(3 / 6.0, s.fusedTopK(), 1e-12);
    assertEquals(2 / 9.0, s.singleTop1(), 1e-12);
    assertEquals(List.of("99999"), s.partsNotInIndex());
    assertEquals(List.of(
        new PhotoScores.Confusion("3001", "3003", 2, List.of("b", "c")),
        new PhotoScores.Confusion("3020", "3021", 1, List.of("a")),
        new PhotoScores.Confusion("99999", "3001", 1, List.of("x"))), s.confusions());
    assertEquals(List.of(
        new PhotoScores.PartRow("3001", true, 3, 6, 1 / 3.0, 2 / 3.0, 1 / 6.0),
        new PhotoScores.PartRow("3020", true, 2, 2, 0, 1 / 2.0, 1 / 2.0),
        new PhotoScores.PartRow("99999", false, 1, 1, 0, 0, 0)), s.perPart());
    assertEquals("photos: fused top-1 0.167 top-2 0.500 single top-1 0.222 over 6 captures of 3 parts",
        s.summaryLine());
  }
}
