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
