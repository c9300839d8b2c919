package org.brickbox.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.JsonLines;

/**
 * Pairs of parts a run's fuse stage confused, used as hard negatives in training: when a training image is of one
 * part of a pair, the other part's cosine gets an extra margin in the loss, so the embedding must separate the two
 * by more than it separates unrelated parts. Near-twins (a 1x8 plate and a 1x10 brick, a slope and its inverted
 * twin) are what photos confuse most, and a softmax over 1,000 parts gives each of them only a thousandth of its
 * push.
 *
 * <p>Read from {@code RUN/fuse/queries.jsonl} (held-out renders identified against the run's index; never the photo
 * benchmark): every part ranked above the true part, or all candidates when the true part is not among them,
 * forms a pair with it. Pairs are unordered; parts the training data lacks are left out and counted.
 */
public final class HardNegatives {
  public static final String QUERIES = "fuse/queries.jsonl";
  public static final HardNegatives NONE = new HardNegatives(Map.of(), 0, 0, "");

  /** The fields of a fuse query record this reads. */
  record Query(String partId, List<Candidate> candidates) {}

  record Candidate(String partId) {}

  private final Map<Integer, int[]> partners;
  private final int pairs;
  private final int partsOutsideTraining;
  private final String source;

  private HardNegatives(Map<Integer, int[]> partners, int pairs, int partsOutsideTraining, String source) {
    this.partners = partners;
    this.pairs = pairs;
    this.partsOutsideTraining = partsOutsideTraining;
    this.source = source;
  }

  /** The confused pairs of these runs' fuse stages between parts in {@code classes} (sorted part ids). */
  public static HardNegatives fromRuns(List<Path> runs, List<String> classes) throws IOException {
    TreeMap<Integer, TreeSet<Integer>> byClass = new TreeMap<>();
    TreeSet<String> outside = new TreeSet<>();
    List<String> files = new ArrayList<>();
    for (Path run : runs) {
      Path file = run.resolve(QUERIES);
      if (!Files.isRegularFile(file)) {
        throw new IOException("--hardNegatives=" + run + ": no " + QUERIES + " there (the output of a ./brickbox run "
            + "whose fuse stage ran)");
      }
      files.add(file.toString());
      for (Query q : JsonLines.read(file, Query.class)) {
        List<Candidate> candidates = q.candidates() == null ? List.of() : q.candidates();
        for (Candidate c : candidates) {
          if (c.partId().equals(q.partId())) break; // the parts ranked below the true one were not confused with it
          int a = Collections.binarySearch(classes, q.partId());
          int b = Collections.binarySearch(classes, c.partId());
          if (a < 0) outside.add(q.partId());
          if (b < 0) outside.add(c.partId());
          if (a < 0 || b < 0) continue;
          byClass.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
          byClass.computeIfAbsent(b, k -> new TreeSet<>()).add(a);
        }
      }
    }
    Map<Integer, int[]> partners = new TreeMap<>();
    int links = 0;
    for (var e : byClass.entrySet()) {
      partners.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
      links += e.getValue().size();
    }
    return new HardNegatives(partners, links / 2, outside.size(), String.join(",", files));
  }

  public boolean isEmpty() {
    return pairs == 0;
  }

  /** Unordered pairs of distinct training parts. */
  public int pairs() {
    return pairs;
  }

  /** Parts named in the queries that the training data does not have (left out of every pair). */
  public int partsOutsideTraining() {
    return partsOutsideTraining;
  }

  /** The partners of a class (its hard negatives), empty when it has none. */
  public int[] partners(int classIndex) {
    return partners.getOrDefault(classIndex, new int[0]);
  }

  /** Row-major {@code labels.length x classes}: 1 where the column is a hard negative of that row's true class. */
  public float[] mask(int[] labels, int classes) {
    float[] mask = new float[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      for (int p : partners(labels[i])) mask[i * classes + p] = 1f;
    }
    return mask;
  }

  /** Names the pairs exactly: a checkpoint made with other pairs must not be resumed with these. */
  public String hash() {
    StringBuilder text = new StringBuilder();
    partners.forEach((c, ps) -> text.append(c).append(':').append(java.util.Arrays.toString(ps)).append(';'));
    return Hashes.sha256Hex(text.toString()).substring(0, 12);
  }

  /** For the model's record of how it was trained. */
  public String describe(double margin) {
    return isEmpty() ? "no hard negatives"
        : String.format("hard negatives: %d confused pairs of %d parts from %s, extra margin %.2f", pairs,
            partners.size(), source, margin);
  }
}
