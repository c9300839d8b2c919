package org.brickbox.fuse;

import java.util.HashSet;
import java.util.Set;

/** Recall@k of an approximate search: the share of the exact k nearest neighbours it also returns. */
public final class RecallAtK {
  private RecallAtK() {}

  public static double measure(VectorSearch exact, VectorSearch approximate, float[][] queries, int k) {
    long found = 0;
    long wanted = 0;
    for (float[] q : queries) {
      Set<Integer> truth = new HashSet<>();
      exact.search(q, k).forEach(n -> truth.add(n.ordinal()));
      for (VectorSearch.Neighbour n : approximate.search(q, k)) if (truth.contains(n.ordinal())) found++;
      wanted += truth.size();
    }
    return wanted == 0 ? 1.0 : (double) found / wanted;
  }
}
