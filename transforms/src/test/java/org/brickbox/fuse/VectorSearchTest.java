package org.brickbox.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.brickbox.embed.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact search is exact; Lucene's HNSW finds nearly the same neighbours and reads back from disk unchanged. */
class VectorSearchTest {
  static float[][] clusteredUnitVectors(int n, int dimension, long seed) {
    Random random = new Random(seed);
    float[][] centres = new float[50][dimension];
    for (float[] c : centres) for (int j = 0; j < dimension; j++) c[j] = (float) random.nextGaussian();
    float[][] vectors = new float[n][dimension];
    for (int i = 0; i < n; i++) {
      float[] c = centres[random.nextInt(centres.length)];
      for (int j = 0; j < dimension; j++) vectors[i][j] = c[j] + 0.7f * (float) random.nextGaussian();
      vectors[i] = Vectors.l2Normalise(vectors[i]);
    }
    return vectors;
  }

  @Test
  void exactSearchReturnsTheMostSimilarFirst() {
    float[][] vectors = clusteredUnitVectors(500, 32, 1);
    List<VectorSearch.Neighbour> top = new ExactSearch(vectors).search(vectors[7], 5);
    assertEquals(7, top.get(0).ordinal());
    assertEquals(1.0, top.get(0).similarity(), 1e-5);
    for (int i = 1; i < top.size(); i++) assertTrue(top.get(i - 1).similarity() >= top.get(i).similarity());
    java.util.Set<Integer> returned = new java.util.HashSet<>();
    top.forEach(n -> returned.add(n.ordinal()));
    for (int i = 0; i < vectors.length; i++) {
      if (!returned.contains(i)) {
        assertTrue(Vectors.dot(vectors[7], vectors[i]) <= top.get(4).similarity() + 1e-6, "closer vector " + i + " missed");
      }
    }
  }

  @Test
  void severalQueriesInOnePassGetWhatOneSearchEachGets() {
    float[][] vectors = clusteredUnitVectors(700, 48, 3);
    ExactSearch exact = new ExactSearch(vectors);
    for (int count = 1; count <= 9; count++) {
      List<float[]> queries = new java.util.ArrayList<>();
      for (int q = 0; q < count; q++) queries.add(vectors[(q * 97 + 5) % vectors.length]);
      List<List<VectorSearch.Neighbour>> together = exact.searchAll(queries, 20);
      assertEquals(count, together.size());
      for (int q = 0; q < count; q++) {
        List<VectorSearch.Neighbour> alone = oneAtATime(vectors, queries.get(q), 20);
        assertEquals(alone, together.get(q), count + " queries, query " + q);
        assertEquals(alone, exact.search(queries.get(q), 20));
      }
    }
    assertEquals(List.of(List.of()), exact.searchAll(List.of(vectors[0]), 0));

    // An index with a user's photos appended: the same neighbours as one search over all the vectors.
    float[][] base = java.util.Arrays.copyOfRange(vectors, 0, 500);
    float[][] photos = java.util.Arrays.copyOfRange(vectors, 500, vectors.length);
    VectorSearch appended = new AppendedSearch(new ExactSearch(base), base.length, photos);
    List<float[]> queries = List.of(vectors[3], vectors[520], vectors[650]);
    List<List<VectorSearch.Neighbour>> together = appended.searchAll(queries, 20);
    for (int q = 0; q < queries.size(); q++) {
      assertEquals(oneAtATime(vectors, queries.get(q), 20), together.get(q));
      assertEquals(together.get(q), appended.search(queries.get(q), 20));
    }
  }

  @Test
  void dotsOfSeveralQueriesAreTheSameDoublesAsOneDotEach() {
    for (int length = 37; length <= 40; length++) { // every remainder of the four partial sums
      float[][] vectors = clusteredUnitVectors(60, length, 4);
      for (int count = 1; count <= 9; count++) {
        double[][] widened = new double[count][];
        for (int q = 0; q < count; q++) widened[q] = Vectors.widen(vectors[q]);
        double[] out = new double[count];
        for (float[] reference : vectors) {
          Vectors.dots(widened, reference, out);
          for (int q = 0; q < count; q++) {
            assertEquals(Double.doubleToLongBits(Vectors.dot(vectors[q], reference)), Double.doubleToLongBits(out[q]));
          }
        }
      }
    }
  }

  /** The k most similar by scoring every vector with {@link Vectors#dot} and sorting: the plainest exact search. */
  private static List<VectorSearch.Neighbour> oneAtATime(float[][] vectors, float[] query, int k) {
    List<VectorSearch.Neighbour> all = new java.util.ArrayList<>();
    for (int i = 0; i < vectors.length; i++) all.add(new VectorSearch.Neighbour(i, (float) Vectors.dot(query, vectors[i])));
    all.sort(java.util.Comparator.comparing(VectorSearch.Neighbour::similarity).reversed()
        .thenComparing(VectorSearch.Neighbour::ordinal));
    return all.subList(0, k);
  }

  @Test
  void hnswRecallAgainstExactSearchIsHighAndTheIndexReopens(@TempDir Path dir) {
    float[][] vectors = clusteredUnitVectors(4000, 64, 2);
    float[][] queries = clusteredUnitVectors(200, 64, 3);
    ExactSearch exact = new ExactSearch(vectors);
    double recall;
    try (HnswSearch hnsw = HnswSearch.build(dir, vectors, HnswSearch.Parameters.DEFAULT)) {
      recall = RecallAtK.measure(exact, hnsw, queries, 10);
      assertEquals(exact.search(vectors[11], 1).get(0).ordinal(), hnsw.search(vectors[11], 1).get(0).ordinal());
      List<VectorSearch.Neighbour> before = hnsw.search(queries[0], 10);
      try (HnswSearch reopened = HnswSearch.open(dir, HnswSearch.Parameters.DEFAULT.efSearch())) {
        assertEquals(before, reopened.search(queries[0], 10));
      }
    }
    assertTrue(recall >= 0.95, "recall@10 " + recall);
  }
}
