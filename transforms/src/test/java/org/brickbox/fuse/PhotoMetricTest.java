package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.brickbox.embed.Vectors;
import org.junit.jupiter.api.Test;

class PhotoMetricTest {
  /**
   * A photo's unit vector: {@code shape} along axis 0 (what tells part A from part B), {@code colour} along axis 1
   * (what one part's photos in different colours differ by), a common photo direction on axis 2 and a little of
   * {@code noise} on axis 3.
   */
  private static float[] photo(double shape, double colour, double noise) {
    return Vectors.l2Normalise(new float[] {(float) shape, (float) colour, 1f, (float) noise});
  }

  /**
   * The near-twin of a user's photos: the query is part A in red; A's references are in white and yellow, B's (its
   * twin) in red and white. By the plain cosine the red B is nearest (the colour is the larger difference); under the
   * metric the references' own scatter says colour varies within a part and shape does not, and A is nearest.
   */
  @Test
  void directionsThatVaryWithinAPartCountLessThanThoseThatTellPartsApart() {
    double red = 0.6;
    double white = -0.6;
    double yellow = 0.1;
    // Three photos of each: as many samples of the scatter as it has dimensions (four, less one per part).
    List<float[]> refs = List.of(photo(0.15, white, 0.01), photo(0.15, yellow, -0.02), photo(-0.15, red, 0.02),
        photo(-0.15, white, -0.01), photo(0.15, white, -0.03), photo(-0.15, red, 0.03));
    List<String> parts = List.of("A", "A", "B", "B", "A", "B");
    float[] query = photo(0.15, red, 0.0);
    assertTrue(Vectors.dot(query, refs.get(2)) > Math.max(Vectors.dot(query, refs.get(0)),
        Vectors.dot(query, refs.get(1))), "plain cosine: the red twin is nearest");

    PhotoMetric metric = PhotoMetric.fit(refs, parts, 0.1);
    float[] q = metric.apply(query);
    double bestA = Math.max(Vectors.dot(q, metric.apply(refs.get(0))), Vectors.dot(q, metric.apply(refs.get(1))));
    double bestB = Math.max(Vectors.dot(q, metric.apply(refs.get(2))), Vectors.dot(q, metric.apply(refs.get(3))));
    assertTrue(bestA > bestB, "under the metric the part's own photos are nearest: " + bestA + " against " + bestB);
    assertEquals(1.0, Vectors.norm(q), 1e-5, "mapped vectors are unit vectors");
  }

  @Test
  void fullShrinkageOnlyTakesTheReferencesMeanAway() {
    List<float[]> refs = List.of(photo(1, 0, 0), photo(0, 1, 0), photo(0.5, 0.5, 0.2), photo(0.2, -0.5, 0.1),
        photo(-0.3, 0.2, 0.4), photo(0.1, 0.1, -0.2));
    PhotoMetric metric = PhotoMetric.fit(refs, List.of("A", "A", "A", "B", "B", "B"), 1);
    float[] mean = new float[4];
    for (float[] r : refs) for (int d = 0; d < 4; d++) mean[d] += r[d] / refs.size();
    float[] x = photo(0.3, -0.2, 0.1);
    float[] centred = new float[4];
    for (int d = 0; d < 4; d++) centred[d] = x[d] - mean[d];
    assertArrayEquals(Vectors.l2Normalise(centred), metric.apply(x), 1e-5f);
  }

  /** A scatter measured on fewer samples than dimensions would be mostly the shrinkage: no metric. */
  @Test
  void tooFewPhotosToMeasureTheScatterGiveNoMetric() {
    assertNull(PhotoMetric.fit(List.of(photo(1, 0, 0), photo(0, 1, 0)), List.of("A", "B"), 0.5), "no part twice");
    assertNull(PhotoMetric.fit(List.of(), List.of(), 0.5));
    List<float[]> five = List.of(photo(1, 0, 0), photo(0, 1, 0), photo(0.5, 0.5, 0.2), photo(0.2, -0.5, 0.1),
        photo(-0.3, 0.2, 0.4));
    assertNull(PhotoMetric.fit(five, List.of("A", "A", "A", "B", "B"), 0.5), "3 samples for 4 dimensions");
    List<float[]> six = new java.util.ArrayList<>(five);
    six.add(photo(0.1, 0.1, -0.2));
    assertNotNull(PhotoMetric.fit(six, List.of("A", "A", "A", "B", "B", "B"), 0.5), "4 samples for 4 dimensions");
  }
}
