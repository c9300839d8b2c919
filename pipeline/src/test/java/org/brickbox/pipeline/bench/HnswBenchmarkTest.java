package org.brickbox.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.brickbox.fuse.HnswSearch;
import org.junit.jupiter.api.Test;

/** {@code bench hnsw}: the graph over all but the held-out vectors, measured against exact search. */
class HnswBenchmarkTest {
  private static float[][] unitVectors(int n, int dim, long seed) {
    Random random = new Random(seed);
    float[][] v = new float[n][dim];
    for (float[] row : v) {
      double norm = 0;
      for (int i = 0; i < dim; i++) {
        row[i] = (float) random.nextGaussian();
        norm += row[i] * row[i];
      }
      for (int i = 0; i < dim; i++) row[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  @Test
  void holdsTheQueriesOutOfTheGraphAndFindsTheirNeighbours() throws Exception {
    HnswBenchmark.Result r = HnswBenchmark.measure(unitVectors(2_000, 16, 7), 40, HnswSearch.Parameters.DEFAULT);
    assertEquals(1_960, r.graphVectors());
    assertEquals(40, r.queries());
    // 16 dimensions, 1,960 points, ef 100: HNSW finds nearly every true neighbour; a broken graph or a query
    // compared with the wrong vectors finds a small share.
    assertTrue(r.recallAt10() > 0.95, "recall@10 " + r.recallAt10());
    assertTrue(r.approximate().p50Ms() <= r.approximate().p99Ms());
    assertTrue(r.exact().perSecond() > 0);
  }

  @Test
  void noQueriesOrNoGraphIsAClearError() {
    float[][] v = unitVectors(10, 4, 1);
    assertEquals("--queries must be between 1 and 9 (the run has 10 vectors), was 10",
        assertThrows(IllegalArgumentException.class, () -> HnswBenchmark.measure(v, 10, HnswSearch.Parameters.DEFAULT))
            .getMessage());
    assertEquals("--queries must be between 1 and 9 (the run has 10 vectors), was 0",
        assertThrows(IllegalArgumentException.class, () -> HnswBenchmark.measure(v, 0, HnswSearch.Parameters.DEFAULT))
            .getMessage());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertEquals("--vectors=RUN_DIR is required (a run with embeddings/)",
        assertThrows(IllegalArgumentException.class,
            () -> HnswBenchmark.run(Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8))).getMessage());
  }
}
