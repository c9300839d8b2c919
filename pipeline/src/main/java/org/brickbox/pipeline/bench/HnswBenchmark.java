package org.brickbox.pipeline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.brickbox.fuse.ExactSearch;
import org.brickbox.fuse.HnswSearch;
import org.brickbox.fuse.RecallAtK;
import org.brickbox.io.files.FileTrees;

/**
 * {@code ./brickbox bench hnsw --vectors=RUN_DIR [--queries=200] [--maxConnections=16] [--beamWidth=100]
 * [--efSearch=100]}: the HNSW graph over every vector a run embedded (an index holds only its reference views; this
 * measures the graph at the size of all of them), built as the index step builds it: build time, recall@10 against
 * exact search and search latency, for vectors held out of the graph.
 */
public final class HnswBenchmark {
  private HnswBenchmark() {}

  /** What one graph measured. */
  record Result(int graphVectors, int queries, double buildSeconds, double recallAt10, SearchTimes approximate,
      SearchTimes exact) {}

  public static void run(Map<String, String> o, PrintStream out) throws IOException {
    String run = o.get("vectors");
    if (run == null) throw new IllegalArgumentException("--vectors=RUN_DIR is required (a run with embeddings/)");
    int queries = Integer.parseInt(o.getOrDefault("queries", "200"));
    HnswSearch.Parameters d = HnswSearch.Parameters.DEFAULT;
    HnswSearch.Parameters parameters = new HnswSearch.Parameters(
        Integer.parseInt(o.getOrDefault("maxConnections", String.valueOf(d.maxConnections()))),
        Integer.parseInt(o.getOrDefault("beamWidth", String.valueOf(d.beamWidth()))),
        Integer.parseInt(o.getOrDefault("efSearch", String.valueOf(d.efSearch()))));
    long readStart = System.nanoTime();
    float[][] vectors = FuseBenchmark.readVectors(Path.of(run)).values().toArray(float[][]::new);
    out.printf("vectors %s: %d of %d dimensions, read in %.1f s%n", run, vectors.length,
        vectors.length == 0 ? 0 : vectors[0].length, (System.nanoTime() - readStart) / 1e9);
    Result r = measure(vectors, queries, parameters);
    out.printf("HNSW (Lucene, M=%d, beam=%d, ef=%d): build %.2f s for %d vectors; recall@10 vs exact %.4f over %d "
            + "vectors held out of the graph; search %.0f q/s, p50 %.2f ms, p99 %.2f ms (exact %.0f q/s, p50 %.2f ms, "
            + "p99 %.2f ms)%n",
        parameters.maxConnections(), parameters.beamWidth(), parameters.efSearch(), r.buildSeconds(), r.graphVectors(),
        r.recallAt10(), r.queries(), r.approximate().perSecond(), r.approximate().p50Ms(), r.approximate().p99Ms(),
        r.exact().perSecond(), r.exact().p50Ms(), r.exact().p99Ms());
  }

  /**
   * Holds {@code queries} evenly spaced vectors out (in the given order), builds the graph over the others and
   * measures it against exact search over the same others.
   */
  static Result measure(float[][] vectors, int queries, HnswSearch.Parameters parameters) throws IOException {
    if (queries < 1 || queries >= vectors.length) {
      throw new IllegalArgumentException("--queries must be between 1 and " + (vectors.length - 1) + " (the run has "
          + vectors.length + " vectors), was " + queries);
    }
    int step = vectors.length / queries;
    List<float[]> graph = new ArrayList<>(vectors.length - queries);
    float[][] held = new float[queries][];
    for (int i = 0, q = 0; i < vectors.length; i++) {
      if (q < queries && i == q * step) {
        held[q++] = vectors[i];
      } else {
        graph.add(vectors[i]);
      }
    }
    float[][] graphVectors = graph.toArray(float[][]::new);
    Path dir = Files.createTempDirectory("brickbox-bench-hnsw");
    try {
      long start = System.nanoTime();
      try (HnswSearch hnsw = HnswSearch.build(dir, graphVectors, parameters)) {
        double buildSeconds = (System.nanoTime() - start) / 1e9;
        ExactSearch exact = new ExactSearch(graphVectors);
        return new Result(graphVectors.length, queries, buildSeconds, RecallAtK.measure(exact, hnsw, held, 10),
            SearchTimes.of(hnsw, held), SearchTimes.of(exact, held));
      }
    } finally {
      FileTrees.delete(dir);
    }
  }
}
