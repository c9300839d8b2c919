package org.brickbox.pipeline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.ModelManifest;
import org.brickbox.embed.ModelSpec;
import org.brickbox.fuse.Accuracy;
import org.brickbox.fuse.FusionEvaluation;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.ReferenceIndex;
import org.brickbox.io.files.FileTrees;
import org.brickbox.io.records.Hashes;
import org.brickbox.pipeline.bench.PhotoBenchmark.EmbeddedCapture;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.pipeline.identify.PhotoIdentifier.EmbeddedPhoto;

/**
 * The k-shot protocol of {@code bench photos --shots=K,...}: how much a user's own labelled photos help. For each K,
 * the first K captures of every part (in a seeded order) join the index as photo references ({@link
 * PhotoIdentifier#withPhotoReferences}) and the part's other captures are the queries: a capture is a reference
 * or a query, never both. Parts with K captures or fewer give all of theirs as references (they are the other
 * parts a user has photographed) and no query. Every row also scores the same queries against the index without
 * photos, so the gain is read on one set of captures. Unless --photoWeight names one, each K fits the photo weight on
 * its reference captures alone, as a run given those photos does: the queries never choose it. With {@code
 * --photoOnly=N}, every Nth part of the folder loses its renders from the index: those parts are known only from the
 * user's photos (a part the library lacks, or one not rendered yet), and their queries are reported apart. With {@code
 * --photographedEvery=N}, only one part in N gives references, drawn with each split's seed ({@link #drawn}); every
 * capture of the other parts is a query: a user who photographed some of the parts sorts the others too, and photo
 * evidence must not cost them (the two kinds of query are reported apart, with photos and without).
 *
 * <p>Which captures become references moves the figure more than most changes measured with it: on the photo proxy's
 * 25 parts with five captures, three shots gave 0.82 to 0.94 fused top-1 over eight seeds (BENCHMARKS.md). With
 * {@code --splits=N} the protocol runs N times, with seeds {@code seed} to {@code seed + N - 1} in turn (each split
 * with its own references and its own photo weight fit), and each K's mean and range over the splits are reported
 * (K = 0, which has no references to choose, is scored once).
 */
final class ShotsBenchmark {
  private ShotsBenchmark() {}

  /**
   * One K: its queries scored with the photo references and without them.
   *
   * @param references photos added to the index
   * @param referenceCaptures the captures those photos are of, as {@code part/capture}
   * @param photoWeight the photo weight the queries were scored with: given by --photoWeight, else fitted on the
   *     reference captures ({@code photoWeightFit}) or the index's
   * @param photoWeightFit the leave-one-capture-out fit on the references; null when the weight was given or no part
   *     has two reference captures
   * @param withPhotos the queries' figures, null when no part has more than K captures
   * @param photoOnly with --photoOnly, the queries with photos split by whether their part's renders were left out;
   *     else null
   * @param photographed with --photographedEvery above 1, the queries split by whether their part gave references;
   *     else null
   * @param seed the seed of the order that chose the references
   */
  record Row(long seed, int shots, int references, List<String> referenceCaptures, double photoWeight,
      Accuracy.PhotoWeightFit photoWeightFit, PhotoScores withPhotos, PhotoScores withoutPhotos,
      PhotoOnlySplit photoOnly, PhotographedSplit photographed) {}

  /**
   * The queries of the parts that gave references and of the others, each scored with the photo references and
   * without them; a figure is null where there is no such query.
   *
   * @param parts the parts that gave references
   */
  record PhotographedSplit(List<String> parts, PhotoScores photographed, PhotoScores photographedWithout,
      PhotoScores others, PhotoScores othersWithout) {}

  /**
   * The queries of parts known only from photos and of the others, each null when it has none.
   *
   * @param parts the parts whose renders were left out
   */
  record PhotoOnlySplit(List<String> parts, PhotoScores photoOnly, PhotoScores rendered) {}

  /**
   * One K over every split that had queries: the mean of the splits' fused top-1 (each split queries the same number
   * of captures, so this is the pooled figure too), its lowest and highest, and the means of the other figures.
   *
   * @param queries the queries of all splits together (a capture is queried once per split that left it out)
   * @param photographedFusedTop1 with --photographedEvery, the mean over the splits of the photographed parts' queries'
   *     fused top-1, with the photo references; {@code othersFusedTop1} and {@code othersWithoutPhotosFusedTop1} the
   *     other parts' with them and without; null without the option
   */
  record Summary(int shots, int splits, int queries, double fusedTop1, double fusedTop1Min, double fusedTop1Max,
      double fusedTopK, double singleTop1, double withoutPhotosFusedTop1, Double photographedFusedTop1,
      Double othersFusedTop1, Double othersWithoutPhotosFusedTop1) {
    static List<Summary> of(List<Row> rows) {
      Map<Integer, List<Row>> byShots = new TreeMap<>();
      for (Row r : rows) if (r.withPhotos() != null) byShots.computeIfAbsent(r.shots(), k -> new ArrayList<>()).add(r);
      List<Summary> out = new ArrayList<>();
      byShots.forEach((k, split) -> {
        DoubleSummaryStatistics top1 = split.stream().mapToDouble(r -> r.withPhotos().fusedTop1()).summaryStatistics();
        out.add(new Summary(k, split.size(), split.stream().mapToInt(r -> r.withPhotos().captures()).sum(),
            top1.getAverage(), top1.getMin(), top1.getMax(), mean(split, r -> r.withPhotos().fusedTopK()),
            mean(split, r -> r.withPhotos().singleTop1()), mean(split, r -> r.withoutPhotos().fusedTop1()),
            splitMean(split, PhotographedSplit::photographed), splitMean(split, PhotographedSplit::others),
            splitMean(split, PhotographedSplit::othersWithout)));
      });
      return out;
    }

    /** The mean fused top-1 of one side of the photographed split over the splits that have it; null for none. */
    private static Double splitMean(List<Row> rows, java.util.function.Function<PhotographedSplit, PhotoScores> side) {
      DoubleSummaryStatistics top1 = rows.stream().map(Row::photographed).filter(java.util.Objects::nonNull)
          .map(side).filter(java.util.Objects::nonNull).mapToDouble(PhotoScores::fusedTop1).summaryStatistics();
      return top1.getCount() == 0 ? null : top1.getAverage();
    }

    private static double mean(List<Row> rows, ToDoubleFunction<Row> figure) {
      return rows.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }
  }

  /** Every Nth part in id order, the first included; none at 0: the parts --photoOnly=N leaves without renders. */
  static Set<String> everyNth(Set<String> parts, int every) {
    Set<String> chosen = new TreeSet<>();
    if (every <= 0) return chosen;
    int i = 0;
    for (String part : new TreeSet<>(parts)) {
      if (i++ % every == 0) chosen.add(part);
    }
    return chosen;
  }

  /**
   * One part in {@code every} (rounded, at least one), drawn with {@code seed}: the parts {@code
   * --photographedEvery=N} photographs in that split; all of them at 1. Drawn, not every Nth in id order: ids run
   * in families (3001 / 3002 / 3003 are bricks 2 x 4 / 2 x 3 / 2 x 2), so every Nth id would photograph a part and
   * leave its near-twins without photos, and a part without photos would have its twin photographed: a bias of the
   * protocol, which a user's photos need not have.
   */
  static Set<String> drawn(Set<String> parts, int every, long seed) {
    List<String> order = new ArrayList<>(new TreeSet<>(parts));
    if (every <= 1) return new TreeSet<>(order);
    Collections.shuffle(order, new Random(seed));
    int count = Math.max(1, Math.round((float) order.size() / every));
    return new TreeSet<>(order.subList(0, count));
  }

  /** Parses {@code --shots}: comma-separated whole numbers >= 0, e.g. {@code 0,1,3,5}. */
  static List<Integer> parseShots(String value) {
    List<Integer> shots = new ArrayList<>();
    for (String s : value.split(",")) {
      try {
        int k = Integer.parseInt(s.trim());
        if (k < 0) throw new NumberFormatException();
        shots.add(k);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--shots must be whole numbers >= 0 separated by commas (e.g. 0,1,3,5),"
            + " was '" + value + "'");
      }
    }
    return shots;
  }

  /** Parses {@code --splits}: how many seeds the protocol runs with, at least 1. */
  static int parseSplits(String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException("--splits must be a whole number >= 1, was '" + value + "'");
  }

  /** Every part's captures in the seeded order that decides which become references. */
  static Map<String, List<EmbeddedCapture>> ordered(List<EmbeddedCapture> captures, long seed) {
    Map<String, List<EmbeddedCapture>> byPart = new TreeMap<>();
    for (EmbeddedCapture c : captures) byPart.computeIfAbsent(c.capture().partId(), p -> new ArrayList<>()).add(c);
    byPart.forEach((part, list) -> {
      list.sort((a, b) -> a.capture().name().compareTo(b.capture().name()));
      Collections.shuffle(list, new Random(seed * 1_000_003L + part.hashCode()));
    });
    return byPart;
  }

  /**
   * Writes each K's reference captures (K > 0) as a labelled photo folder {@code dir/k<K>/<part>/<photo file>}: the
   * photos {@code train --photos} takes to fine-tune on the references alone, so that a model trained on them is
   * measured on the same K's queries, which it never saw. Files are hard links where the file system allows, else
   * copies. Each folder is written beside its place and moved in whole; an existing one is refused, not mixed into.
   *
   * @param photographedEvery N of --photographedEvery: only those parts' captures are references
   * @return the folders written, one per K > 0
   */
  static List<Path> writeReferences(Path dir, List<EmbeddedCapture> captures, List<Integer> shots, long seed,
      int photographedEvery) throws IOException {
    requireUnwritten(dir, shots);
    Map<String, List<EmbeddedCapture>> byPart = ordered(captures, seed);
    byPart.keySet().retainAll(drawn(byPart.keySet(), photographedEvery, seed));
    List<Path> written = new ArrayList<>();
    for (int k : shots) {
      if (k == 0) continue;
      Path target = dir.resolve("k" + k);
      Path partial = dir.resolve(".k" + k + ".partial");
      FileTrees.delete(partial);
      try {
        for (var part : byPart.entrySet()) {
          for (EmbeddedCapture capture : part.getValue().subList(0, Math.min(k, part.getValue().size()))) {
            Path into = Files.createDirectories(partial.resolve(part.getKey()));
            for (Path photo : capture.capture().photos()) linkOrCopy(photo, into.resolve(photo.getFileName()));
          }
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        FileTrees.delete(partial);
        throw e;
      }
      written.add(target);
    }
    return written;
  }

  /** Refuses, before any work, a K whose reference folder {@link #writeReferences} would write exists already. */
  static void requireUnwritten(Path dir, List<Integer> shots) {
    for (int k : shots) {
      Path target = dir.resolve("k" + k);
      if (k > 0 && Files.exists(target)) {
        throw new IllegalArgumentException("--shotReferences: " + target + " already exists; remove it or name another"
            + " folder");
      }
    }
  }

  private static void linkOrCopy(Path from, Path to) throws IOException {
    try {
      Files.createLink(to, from);
    } catch (IOException | UnsupportedOperationException e) { // another file system, or links not supported
      Files.copy(from, to);
    }
  }

  /**
   * @param fitPhotoWeight whether each K fits the photo weight on its reference captures, as a run with those photos
   *     would ({@link FusionEvaluation#fitPhotoWeight}); false keeps the identifier's (e.g. --photoWeight)
   * @param photoOnlyEvery N of --photoOnly (0: every part keeps its renders)
   * @param photographedEvery N of --photographedEvery (1: every part gives references)
   * @param splits how many times the protocol runs, with seeds {@code seed} to {@code seed + splits - 1}
   * @return each split's rows in turn, each K in the order of {@code shots}
   */
  static List<Row> run(PhotoIdentifier identifier, List<EmbeddedCapture> captures, List<Integer> shots, int top,
      long seed, int splits, boolean fitPhotoWeight, int photoOnlyEvery, int photographedEvery) {
    List<Row> rows = new ArrayList<>();
    Set<String> partIds = new TreeSet<>();
    for (EmbeddedCapture c : captures) partIds.add(c.capture().partId());
    Set<String> photoOnly = everyNth(partIds, photoOnlyEvery);
    Set<String> trained = fitPhotoWeight ? trainedOn(identifier, captures) : Set.of();
    try (ReferenceIndex renders = photoOnly.isEmpty() ? null : identifier.index().index().withoutParts(photoOnly)) {
      for (long s = seed; s < seed + splits; s++) {
        // K = 0 has no references for the seed to choose: scored with the first split only
        List<Integer> seeded = s == seed ? shots : shots.stream().filter(k -> k > 0).toList();
        rows.addAll(run(identifier, renders == null ? identifier.index().index() : renders, ordered(captures, s), s,
            seeded, top, fitPhotoWeight, trained, photoOnly,
            photographedEvery > 1 ? drawn(partIds, photographedEvery, s) : null));
      }
    }
    return rows;
  }

  private static List<Row> run(PhotoIdentifier identifier, ReferenceIndex without,
      Map<String, List<EmbeddedCapture>> byPart, long seed, List<Integer> shots, int top, boolean fitPhotoWeight,
      Set<String> trained, Set<String> photoOnly, Set<String> photographed) {
    List<Row> rows = new ArrayList<>();
    for (int k : shots) {
      List<EmbeddedPhoto> referencePhotos = new ArrayList<>();
      List<String> referenceParts = new ArrayList<>();
      List<String> referenceCaptures = new ArrayList<>();
      Map<String, String> captureOfPhoto = new HashMap<>();
      List<EmbeddedCapture> queries = new ArrayList<>();
      byPart.forEach((part, list) -> {
        if (photographed != null && !photographed.contains(part)) {
          queries.addAll(list);
          return;
        }
        for (int i = 0; i < list.size(); i++) {
          if (i < k) {
            referenceCaptures.add(part + "/" + list.get(i).capture().name());
            referencePhotos.addAll(list.get(i).embedded());
            for (EmbeddedPhoto photo : list.get(i).embedded()) {
              referenceParts.add(part);
              captureOfPhoto.put(photo.photo().name(), list.get(i).capture().name());
            }
          } else if (list.size() > k) {
            queries.add(list.get(i));
          }
        }
      });
      FusionWeights weights = identifier.weights();
      if (queries.isEmpty()) {
        rows.add(new Row(seed, k, referencePhotos.size(), referenceCaptures, weights.photoWeight(), null, null, null,
            null, null));
        continue;
      }
      ReferenceIndex with = referencePhotos.isEmpty() ? without
          : PhotoIdentifier.withPhotoReferences(without, referencePhotos, referenceParts);
      Accuracy.PhotoWeightFit fit = fitPhotoWeight && with != without
          ? new FusionEvaluation(with, identifier.index().manifest().ambiguousMargin())
              .fitPhotoWeight(weights, captureOfPhoto, trained)
          : null;
      if (fit != null) weights = weights.withPhotoWeight(fit.photoWeight());
      List<CaptureResult> scoredWith = new ArrayList<>();
      List<CaptureResult> scoredWithout = new ArrayList<>();
      for (EmbeddedCapture q : queries) {
        scoredWith.add(PhotoBenchmark.score(identifier, with, q, top, weights));
        scoredWithout.add(PhotoBenchmark.score(identifier, without, q, top));
      }
      rows.add(new Row(seed, k, referencePhotos.size(), referenceCaptures, weights.photoWeight(), fit,
          PhotoScores.of(scoredWith, top), PhotoScores.of(scoredWithout, top),
          photoOnly.isEmpty() ? null : split(scoredWith, photoOnly, top),
          photographed == null ? null : photographedSplit(scoredWith, scoredWithout, photographed, top)));
    }
    return rows;
  }

  /**
   * The photos of {@code captures} (by name, as references are keyed) that the index's model was trained on ({@code
   * train --photos}, by SHA-256): the weight fit does not query them, as in a run ({@link
   * FusionEvaluation#fitPhotoWeight}).
   */
  private static Set<String> trainedOn(PhotoIdentifier identifier, List<EmbeddedCapture> captures) {
    ModelManifest model = EmbeddingModel.trainingRecord(ModelSpec.parse(identifier.index().manifest().model()));
    Set<String> hashes = model == null || model.trainedPhotos() == null ? Set.of() : Set.copyOf(model.trainedPhotos());
    Set<String> trained = new TreeSet<>();
    if (hashes.isEmpty()) return trained;
    for (EmbeddedCapture capture : captures) {
      for (EmbeddedPhoto photo : capture.embedded()) {
        try {
          if (hashes.contains(Hashes.sha256Hex(Files.readAllBytes(Path.of(photo.photo().name()))))) {
            trained.add(photo.photo().name());
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot read " + photo.photo().name() + " again", e);
        }
      }
    }
    return trained;
  }

  private static PhotoOnlySplit split(List<CaptureResult> scored, Set<String> photoOnly, int top) {
    return new PhotoOnlySplit(List.copyOf(photoOnly), scoresOf(scored, photoOnly, true, top),
        scoresOf(scored, photoOnly, false, top));
  }

  private static PhotographedSplit photographedSplit(List<CaptureResult> with, List<CaptureResult> without,
      Set<String> photographed, int top) {
    return new PhotographedSplit(List.copyOf(photographed), scoresOf(with, photographed, true, top),
        scoresOf(without, photographed, true, top), scoresOf(with, photographed, false, top),
        scoresOf(without, photographed, false, top));
  }

  /** The figures of the results whose part is (or, {@code in} false, is not) one of {@code parts}; null for none. */
  private static PhotoScores scoresOf(List<CaptureResult> results, Set<String> parts, boolean in, int top) {
    List<CaptureResult> chosen = results.stream().filter(r -> parts.contains(r.partId()) == in).toList();
    return chosen.isEmpty() ? null : PhotoScores.of(chosen, top);
  }

  private static String figures(PhotoScores s) {
    return s == null ? "no query" : s.figures();
  }

  /** Fused top-1 and how many captures it is of, or "no query". */
  private static String top1(PhotoScores s) {
    return s == null ? "no query" : String.format(java.util.Locale.ROOT, "%.3f of %d", s.fusedTop1(), s.captures());
  }

  static void print(List<Row> rows, int top, PrintStream out) {
    boolean several = rows.stream().map(Row::seed).distinct().count() > 1;
    out.printf("k-shot: K captures of each part are photo references, its other captures the queries%n");
    out.printf("  %5s %5s %10s %8s %7s %11s %9s %12s %12s   %s%n", "seed", "shots", "references", "queries", "parts",
        "fused top-1", "fused top-" + top, "single top-1", "photo weight",
        "without photos: fused top-1, top-" + top + ", single top-1");
    for (Row r : rows) {
      if (r.withPhotos() == null) {
        out.printf("  %5d %5d %10d %8s %7s   (no part has more than %d captures: nothing to query)%n", r.seed(),
            r.shots(), r.references(), "0", "-", r.shots());
        continue;
      }
      PhotoScores w = r.withPhotos();
      PhotoScores o = r.withoutPhotos();
      out.printf("  %5d %5d %10d %8d %7d %11.3f %9.3f %12.3f %12s   %.3f, %.3f, %.3f%n", r.seed(), r.shots(),
          r.references(), w.captures(), w.parts(), w.fusedTop1(), w.fusedTopK(), w.singleTop1(),
          String.format(java.util.Locale.ROOT, "%.2f%s", r.photoWeight(), r.photoWeightFit() == null ? "" : " fit"),
          o.fusedTop1(), o.fusedTopK(), o.singleTop1());
    }
    for (Row r : rows) {
      if (r.photoOnly() == null) continue;
      out.printf("  K=%d%s: %d parts known only from photos (their renders left out of the index, searched exactly):"
          + " %s; the parts with renders: %s%n", r.shots(), several ? " seed " + r.seed() : "",
          r.photoOnly().parts().size(), figures(r.photoOnly().photoOnly()), figures(r.photoOnly().rendered()));
    }
    for (Row r : rows) {
      PhotographedSplit p = r.photographed();
      if (p == null || r.shots() == 0) continue;
      out.printf("  K=%d%s: %d parts photographed: their queries %s (without photos %s); the other parts' %s (without"
          + " photos %s)%n", r.shots(), several ? " seed " + r.seed() : "", p.parts().size(), top1(p.photographed()),
          top1(p.photographedWithout()), top1(p.others()), top1(p.othersWithout()));
    }
    for (Row r : rows) {
      Accuracy.PhotoWeightFit f = r.photoWeightFit();
      if (f == null) continue;
      out.printf("  K=%d%s: photo weight %.2f, fitted on the references (%s)%n", r.shots(),
          several ? " seed " + r.seed() : "", f.photoWeight(), f.figures());
    }
    if (!several) return;
    for (Summary s : Summary.of(rows)) {
      out.printf("  K=%d over %d splits: fused top-1 %.3f (%.3f-%.3f), top-%d %.3f, single top-1 %.3f; without photos"
          + " %.3f; %d queries%n", s.shots(), s.splits(), s.fusedTop1(), s.fusedTop1Min(), s.fusedTop1Max(), top,
          s.fusedTopK(), s.singleTop1(), s.withoutPhotosFusedTop1(), s.queries());
      if (s.othersFusedTop1() != null && s.shots() > 0) {
        out.printf("  K=%d over %d splits: photographed parts' fused top-1 %s; the other parts' %.3f (without photos"
            + " %.3f)%n", s.shots(), s.splits(), s.photographedFusedTop1() == null ? "-"
            : String.format(java.util.Locale.ROOT, "%.3f", s.photographedFusedTop1()), s.othersFusedTop1(),
            s.othersWithoutPhotosFusedTop1());
      }
    }
  }
}
