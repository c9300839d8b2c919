package org.brickbox.pipeline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures of a photo benchmark, from its capture results. Every capture counts: one whose part the index does
 * not hold, or none of whose photos could be used, is a miss. Single-photo figures are over every photo of the
 * captures, an unusable photo a miss ({@code identify} refuses it).
 *
 * @param top K of the top-K figures
 * @param unanswered captures none of whose photos could be used
 * @param confusions captures whose fused answer was another part, by true and predicted part, most frequent first
 */
public record PhotoScores(int top, int captures, int parts, int photos, int unusablePhotos, int unanswered,
    double fusedTop1, double fusedTopK, double singleTop1, double singleTopK, List<PartRow> perPart,
    List<Confusion> confusions, List<String> partsNotInIndex) {

  /** One part folder's figures. */
  public record PartRow(String partId, boolean inIndex, int captures, int photos, double fusedTop1, double fusedTopK,
      double singleTop1) {}

  /** Captures of part {@code actual} whose fused answer was {@code predicted}: how many, and which. */
  public record Confusion(String actual, String predicted, int count, List<String> captures) {}

  public static PhotoScores of(List<CaptureResult> results, int top) {
    if (results.isEmpty()) throw new IllegalArgumentException("no captures to score");
    Map<String, List<CaptureResult>> byPart = new TreeMap<>();
    Map<List<String>, List<String>> confused = new LinkedHashMap<>();
    for (CaptureResult r : results) {
      byPart.computeIfAbsent(r.partId(), p -> new ArrayList<>()).add(r);
      if (r.predicted() != null && r.rank() != 1) {
        confused.computeIfAbsent(List.of(r.partId(), r.predicted()), k -> new ArrayList<>()).add(r.capture());
      }
    }
    List<PartRow> perPart = new ArrayList<>();
    List<String> notInIndex = new ArrayList<>();
    byPart.forEach((part, captures) -> {
      Tally t = Tally.of(captures);
      perPart.add(new PartRow(part, captures.get(0).partInIndex(), captures.size(), t.photos, t.fusedTop1(),
          t.fusedTopK(), t.singleTop1()));
      if (!captures.get(0).partInIndex()) notInIndex.add(part);
    });
    List<Confusion> confusions = new ArrayList<>();
    confused.forEach((pair, captures) -> confusions.add(new Confusion(pair.get(0), pair.get(1), captures.size(),
        List.copyOf(captures))));
    confusions.sort(Comparator.comparingInt(Confusion::count).reversed().thenComparing(Confusion::actual)
        .thenComparing(Confusion::predicted));
    Tally all = Tally.of(results);
    return new PhotoScores(top, results.size(), byPart.size(), all.photos, all.unusable, all.unanswered,
        all.fusedTop1(), all.fusedTopK(), all.singleTop1(), all.singleTopK(), List.copyOf(perPart),
        List.copyOf(confusions), List.copyOf(notInIndex));
  }

  /** {@code photos: fused top-1 X.XXX top-5 X.XXX single top-1 X.XXX over N captures of M parts}. */
  public String summaryLine() {
    return "photos: " + figures();
  }

  /** The figures of {@link #summaryLine}, without its label. */
  public String figures() {
    return String.format(Locale.ROOT, "fused top-1 %.3f top-%d %.3f single top-1 %.3f over %d captures of %d parts",
        fusedTop1, top, fusedTopK, singleTop1, captures, parts);
  }

  /** Hits counted over some captures. */
  private static final class Tally {
    int captures;
    int fusedTop1;
    int fusedTopK;
    int photos;
    int singleTop1;
    int singleTopK;
    int unusable;
    int unanswered;

    static Tally of(List<CaptureResult> results) {
      Tally t = new Tally();
      for (CaptureResult r : results) {
        t.captures++;
        if (r.rank() == 1) t.fusedTop1++;
        if (r.rank() > 0) t.fusedTopK++;
        if (r.predicted() == null) t.unanswered++;
        for (CaptureResult.PhotoResult p : r.photos()) {
          t.photos++;
          if (p.rank() == 1) t.singleTop1++;
          if (p.rank() > 0) t.singleTopK++;
          if (p.error() != null) t.unusable++;
        }
      }
      return t;
    }

    double fusedTop1() {
      return fusedTop1 / (double) captures;
    }

    double fusedTopK() {
      return fusedTopK / (double) captures;
    }

    double singleTop1() {
      return singleTop1 / (double) photos;
    }

    double singleTopK() {
      return singleTopK / (double) photos;
    }
  }
}
