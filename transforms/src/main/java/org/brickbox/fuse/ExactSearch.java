package org.brickbox.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.brickbox.embed.Vectors;

/** Brute-force search: every reference vector scored; exact, and fast enough for small catalogues. */
public final class ExactSearch implements VectorSearch {
  private final float[][] vectors;

  public ExactSearch(float[][] vectors) {
    this.vectors = vectors;
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    PriorityQueue<Neighbour> best = new PriorityQueue<>(ExactSearch::worseFirst);
    for (int i = 0; i < vectors.length; i++) {
      Neighbour n = new Neighbour(i, (float) Vectors.dot(query, vectors[i]));
      if (best.size() < k) {
        best.add(n);
      } else if (worseFirst(n, best.peek()) > 0) {
        best.poll();
        best.add(n);
      }
    }
    List<Neighbour> out = new ArrayList<>(best);
    out.sort((a, b) -> worseFirst(b, a));
    return out;
  }

  /** Orders lower similarity first, and on equal similarity the higher ordinal first (lower ordinals win ties). */
  private static int worseFirst(Neighbour a, Neighbour b) {
    int bySimilarity = Float.compare(a.similarity(), b.similarity());
    return bySimilarity != 0 ? bySimilarity : Integer.compare(b.ordinal(), a.ordinal());
  }

  @Override
  public String mode() {
    return "exact";
  }
}
