package org.brickbox.pipeline.bench;

import java.util.Arrays;
import org.brickbox.fuse.VectorSearch;

/** One search (64 neighbours, as fusion fetches candidates) per query, one after another: rate and latencies. */
record SearchTimes(double perSecond, double p50Ms, double p99Ms) {
  static SearchTimes of(VectorSearch search, float[][] queries) {
    long[] nanos = new long[queries.length];
    long start = System.nanoTime();
    for (int i = 0; i < queries.length; i++) {
      long before = System.nanoTime();
      search.search(queries[i], 64);
      nanos[i] = System.nanoTime() - before;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    return new SearchTimes(queries.length / seconds, nanos[(int) (0.50 * (nanos.length - 1))] / 1e6,
        nanos[(int) (0.99 * (nanos.length - 1))] / 1e6);
  }
}
