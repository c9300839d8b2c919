package org.brickbox.embed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-neighbour identification by cosine similarity (vectors are unit length): each query ranks parts by
 * their best-matching gallery vector. Top-k = the true part is among the k best-ranked distinct parts.
 */
public final class NearestNeighbours {
  private NearestNeighbours() {}

  public record Result(int queries, double top1, double top5) {}

  public static Result evaluate(List<float[]> gallery, List<String> galleryParts, List<float[]> queries,
      List<String> queryParts) {
    if (queries.isEmpty()) return new Result(0, 0, 0);
    int hit1 = 0;
    int hit5 = 0;
    for (int q = 0; q < queries.size(); q++) {
      Map<String, Double> best = new HashMap<>();
      float[] v = queries.get(q);
      for (int g = 0; g < gallery.size(); g++) best.merge(galleryParts.get(g), Vectors.dot(v, gallery.get(g)), Math::max);
      List<Map.Entry<String, Double>> ranked = new ArrayList<>(best.entrySet());
      ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
      String truth = queryParts.get(q);
      for (int k = 0; k < Math.min(5, ranked.size()); k++) {
        if (ranked.get(k).getKey().equals(truth)) {
          if (k == 0) hit1++;
          hit5++;
          break;
        }
      }
    }
    return new Result(queries.size(), hit1 / (double) queries.size(), hit5 / (double) queries.size());
  }
}
