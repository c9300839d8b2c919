package org.brickbox.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.brickbox.io.records.Json;
import org.brickbox.render.RenderSettings;
import org.junit.jupiter.api.Test;

/** Judging all views of a part: near-duplicates (the later view is flagged) and anomalous embeddings. */
class PartReviewTest {
  private static final RenderSettings SETTINGS = QaRenders.settings().viewCount(4).build();

  private static MeasuredView view(int index, String key) {
    return new MeasuredView(key, "3001", 4, index, "images/" + key + ".png",
        QaRenders.measure(QaRenders.render("3001", SETTINGS, index)), null, null, null);
  }

  /**
   * A verdict, written and read back as a line of {@code qa/metrics-*.jsonl}, gives back the measurement it was made
   * from (what a rebuild reuses), without the distances the review added, and judges the same again.
   */
  @Test
  void aVerdictReadBackGivesTheMeasurementItWasMadeFrom() {
    List<MeasuredView> views = List.of(view(0, "3001/c4/v00"), view(1, "3001/c4/v01"));
    Map<String, float[]> vectors = Map.of("3001/c4/v00", unit(1, 0), "3001/c4/v01", unit(1, 1));
    List<QaRecord> verdicts = PartReview.review(views, vectors, QaThresholds.DEFAULTS);
    List<MeasuredView> again = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      QaRecord read = Json.read(Json.line(verdicts.get(i)), QaRecord.class);
      assertTrue(read.metrics().containsKey("embeddingDistance"), read.metrics().toString());
      MeasuredView reused = MeasuredView.reusedFrom(read);
      assertEquals(views.get(i).metrics(), reused.metrics());
      again.add(reused);
    }
    assertEquals(Json.line(verdicts), Json.line(PartReview.review(again, vectors, QaThresholds.DEFAULTS)));
  }

  @Test
  void ofTwoIdenticalViewsTheLaterIsANearDuplicateWhateverTheInputOrder() {
    List<MeasuredView> views = new ArrayList<>(List.of(view(0, "3001/c4/v00"), view(1, "3001/c4/v01"),
        view(2, "3001/c4/v02")));
    // v03 is a re-render of v01's viewpoint: the same picture under a later key.
    MeasuredView copy = views.get(1);
    views.add(new MeasuredView("3001/c4/v03", "3001", 4, 3, "images/3001/c4/v03.png", copy.metrics(), null,
        null, null));
    List<QaRecord> forward = PartReview.review(views, Map.of(), QaThresholds.DEFAULTS);
    Collections.reverse(views);
    List<QaRecord> backward = PartReview.review(views, Map.of(), QaThresholds.DEFAULTS);
    assertEquals(forward, backward);

    QaRecord later = forward.get(3);
    assertEquals("3001/c4/v03", later.key());
    assertFalse(later.passed());
    assertEquals(List.of(QaRules.NEAR_DUPLICATE), later.reasons());
    assertEquals("3001/c4/v01", later.duplicateOf());
    assertEquals(0.0, later.metrics().get("phashDistance"));
    for (QaRecord r : forward.subList(0, 3)) {
      assertTrue(r.passed(), r.toString());
      assertNull(r.duplicateOf());
    }
    assertFalse(forward.get(0).metrics().containsKey("phashDistance"), "the first view has no earlier view");
  }

  @Test
  void aViewFarFromEveryOtherViewOfItsPartIsAnEmbeddingOutlier() {
    List<MeasuredView> views = List.of(view(0, "3001/c4/v00"), view(1, "3001/c4/v01"), view(2, "3001/c4/v02"));
    Map<String, float[]> vectors = new TreeMap<>();
    vectors.put("3001/c4/v00", unit(1, 0.1f, 0));
    vectors.put("3001/c4/v01", unit(1, 0, 0.1f));
    vectors.put("3001/c4/v02", unit(0, 0, 1)); // nearest is v01 at cosine 0.1/√1.01
    vectors.put("3001/c4/v03", unit(1, 0.05f, 0.05f)); // measuring failed, still a neighbour
    List<QaRecord> records = PartReview.review(views, vectors, QaThresholds.DEFAULTS);
    assertEquals(List.of(QaRules.EMBEDDING_OUTLIER), records.get(2).reasons());
    assertEquals(1 - 0.1 / Math.sqrt(1.01), records.get(2).metrics().get("embeddingDistance"), 1e-4, "kept to 1e-4");
    assertTrue(records.get(0).passed() && records.get(1).passed());
    assertTrue(records.get(0).metrics().get("embeddingDistance") < 0.01);
  }

  @Test
  void whenMostViewsOfAPartAreFarFromEachOtherNoneIsAnOutlier() {
    List<MeasuredView> views = List.of(view(0, "3001/c4/v00"), view(1, "3001/c4/v01"), view(2, "3001/c4/v02"));
    Map<String, float[]> vectors = new TreeMap<>();
    vectors.put("3001/c4/v00", unit(1, 0, 0));
    vectors.put("3001/c4/v01", unit(0, 1, 0));
    vectors.put("3001/c4/v02", unit(0, 0, 1));
    List<QaRecord> records = PartReview.review(views, vectors, QaThresholds.DEFAULTS);
    for (QaRecord r : records) {
      assertTrue(r.passed(), r.toString());
      assertEquals(1.0, r.metrics().get("embeddingDistance"), 1e-9, "the distance is still reported");
    }
  }

  @Test
  void aPartWithOneVectorHasNoEmbeddingDistance() {
    List<QaRecord> records = PartReview.review(List.of(view(0, "3001/c4/v00")),
        Map.of("3001/c4/v00", unit(1, 0, 0)), QaThresholds.DEFAULTS);
    assertFalse(records.get(0).metrics().containsKey("embeddingDistance"));
    assertTrue(records.get(0).passed());
  }

  private static float[] unit(float... v) {
    double n = 0;
    for (float x : v) n += x * x;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / Math.sqrt(n));
    return out;
  }
}
