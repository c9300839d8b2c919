package org.brickbox.fuse;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.brickbox.embed.Vectors;

/**
 * Brute-force search: every reference vector scored; exact, and fast enough for small catalogues. Several queries
 * (a photo's crops, a request's photos) are searched in one pass over the references, which bounds the work by
 * memory traffic once instead of once per query.
 */
public final class ExactSearch implements VectorSearch {
  private final float[][] vectors;

  public ExactSearch(float[][] vectors) {
    this.vectors = vectors;
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    return searchAll(List.of(query), k).get(0);
  }

  @Override
  public List<List<Neighbour>> searchAll(List<float[]> queries, int k) {
    int count = queries.size();
    double[][] widened = new double[count][];
    List<PriorityQueue<Neighbour>> best = new ArrayList<>(count);
    for (int q = 0; q < count; q++) {
      widened[q] = Vectors.widen(queries.get(q));
      best.add(new PriorityQueue<>(ExactSearch::worseFirst));
    }
    double[] similarities = new double[count];
    for (int i = 0; i < vectors.length; i++) {
      Vectors.dots(widened, vectors[i], similarities);
      for (int q = 0; q < count; q++) {
        PriorityQueue<Neighbour> heap = best.get(q);
        float similarity = (float) similarities[q];
        if (heap.size() < k) {
          heap.add(new Neighbour(i, similarity));
        } else if (k > 0 && Float.compare(similarity, heap.peek().similarity()) > 0) {
          // Ordinals only grow, so an equal similarity never displaces the one already kept (lower ordinals win).
          heap.poll();
          heap.add(new Neighbour(i, similarity));
        }
      }
    }
    List<List<Neighbour>> out = new ArrayList<>(count);
    for (PriorityQueue<Neighbour> heap : best) {
      List<Neighbour> sorted = new ArrayList<>(heap);
      sorted.sort((a, b) -> worseFirst(b, a));
      out.add(sorted);
    }
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
