package org.brickbox.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {
  private static float[] unit(double angle) {
    return new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
  }

  @Test
  void ranksPartsByTheirBestViewWithTiesToTheSmallerId() {
    // Part "b" has one view at the query's angle (similarity 1) and one far off; "a" and "c" tie just below it.
    List<float[]> gallery = List.of(unit(0.0), unit(3.0), unit(0.5), unit(-0.5), unit(2.0));
    List<String> galleryParts = List.of("b", "b", "c", "a", "d");
    // Query 1: truth b, first. Query 2: truth c, tied with a, whose id is smaller: third (b, a, c).
    // Query 3: truth d, ranked fourth: top-5 but not top-1. Query 4: a part with no gallery view: never found.
    List<float[]> queries = List.of(unit(0.0), unit(0.0), unit(0.0), unit(0.0));
    List<String> queryParts = List.of("b", "c", "d", "z");
    NearestNeighbours.Result r = NearestNeighbours.evaluate(gallery, galleryParts, queries, queryParts);
    assertEquals(4, r.queries());
    assertEquals(1 / 4.0, r.top1());
    assertEquals(3 / 4.0, r.top5());

    // A tie at the top goes to the smaller id: "a" is first, "c" second.
    List<float[]> tied = List.of(unit(0.5), unit(-0.5));
    List<String> tiedParts = List.of("c", "a");
    assertEquals(1.0, NearestNeighbours.evaluate(tied, tiedParts, List.of(unit(0.0)), List.of("a")).top1());
    NearestNeighbours.Result second = NearestNeighbours.evaluate(tied, tiedParts, List.of(unit(0.0)), List.of("c"));
    assertEquals(0.0, second.top1());
    assertEquals(1.0, second.top5());
  }

  @Test
  void agreesWithRankingEveryPartOneQueryAtATime() {
    Random random = new Random(11);
    int dims = 24;
    List<float[]> gallery = new ArrayList<>();
    List<String> galleryParts = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      gallery.add(randomUnit(random, dims));
      galleryParts.add("p" + random.nextInt(60));
    }
    List<float[]> queries = new ArrayList<>();
    List<String> queryParts = new ArrayList<>();
    for (int i = 0; i < 203; i++) { // not a multiple of the block size: the last block is partial
      int g = random.nextInt(gallery.size());
      float[] q = gallery.get(g).clone();
      for (int d = 0; d < dims; d++) q[d] += (float) (random.nextGaussian() * 0.25);
      queries.add(Vectors.l2Normalise(q));
      queryParts.add(galleryParts.get(g));
    }
    NearestNeighbours.Result fast = NearestNeighbours.evaluate(gallery, galleryParts, queries, queryParts);
    int top1 = 0;
    int top5 = 0;
    for (int q = 0; q < queries.size(); q++) {
      TreeMap<String, Double> best = new TreeMap<>();
      for (int g = 0; g < gallery.size(); g++) {
        best.merge(galleryParts.get(g), Vectors.dot(queries.get(q), gallery.get(g)), Math::max);
      }
      List<String> ranked = best.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
              .thenComparing(Map.Entry.comparingByKey()))
          .map(Map.Entry::getKey).toList();
      int at = ranked.indexOf(queryParts.get(q));
      if (at == 0) top1++;
      if (at >= 0 && at < 5) top5++;
    }
    assertEquals(top1 / 203.0, fast.top1());
    assertEquals(top5 / 203.0, fast.top5());
    // The noise leaves some queries wrong, so the comparison is not of two perfect scores.
    assertTrue(top1 < 203 && top1 > 0, "top-1 count " + top1);
  }

  private static float[] randomUnit(Random random, int dims) {
    float[] v = new float[dims];
    for (int d = 0; d < dims; d++) v[d] = (float) random.nextGaussian();
    return Vectors.l2Normalise(v);
  }
}
