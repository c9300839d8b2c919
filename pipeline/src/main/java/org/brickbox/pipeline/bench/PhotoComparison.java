package org.brickbox.pipeline.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.brickbox.fuse.FusionEvaluation;

/**
 * A photo benchmark against an earlier one of the same labelled photos ({@code bench photos --baseline=photos.json}):
 * a model, index, crop or segmentation change seen capture by capture and photo by photo. Two top-1 figures a few
 * captures apart say little on their own; how many answers the change fixed and how many it broke, and how likely so
 * uneven a split is by chance (a one-sided sign test), say whether it is one. Captures are matched by part and capture
 * name, photos by part and file name, so the two runs may read copies of the folder in different places; captures or
 * photos in only one of the two are counted and left out.
 *
 * @param baseline the earlier report's file
 * @param captures captures in both
 * @param fusedTop1Before fused top-1 over the captures in both, in the earlier report
 * @param fusedTop1Now the same now
 * @param capturesInOne captures in only one of the two
 * @param fusedTop1 captures whose fused answer became right (fixed) or stopped being right (broken)
 * @param fusedTopK the same for the true part among the top K
 * @param photos photos in both
 * @param singleTop1 photos whose own answer became or stopped being right
 * @param changed every capture whose fused rank changed (0: not in the top K), by part and capture
 */
public record PhotoComparison(String baseline, int captures, double fusedTop1Before, double fusedTop1Now,
    int capturesInOne, Split fusedTop1, Split fusedTopK, int photos, Split singleTop1, List<Change> changed) {

  /**
   * Answers fixed and broken, and {@code p}: the chance of a split at least this uneven, in its direction, were the
   * change neither better nor worse (1 when nothing changed).
   */
  public record Split(int fixed, int broken, double p) {
    static Split of(int fixed, int broken) {
      return new Split(fixed, broken, FusionEvaluation.signTestP(Math.max(fixed, broken), fixed + broken));
    }

    String describe() {
      if (fixed + broken == 0) return "none changed";
      return String.format(Locale.ROOT, "fixed %d, broken %d (sign test p %.2f that a split this uneven is chance)",
          fixed, broken, p);
    }
  }

  /** A capture whose fused rank of its true part changed. */
  public record Change(String partId, String capture, int rankBefore, int rankNow) {}

  /** @throws IllegalArgumentException when the two share no capture (another folder, or a wrong file) */
  public static PhotoComparison of(String baselineFile, PhotoBenchmark.Report before, PhotoBenchmark.Report now) {
    Map<String, CaptureResult> earlier = new HashMap<>();
    Map<String, Integer> earlierPhotos = new HashMap<>();
    for (CaptureResult c : before.captures()) {
      earlier.put(c.partId() + "/" + c.capture(), c);
      for (CaptureResult.PhotoResult p : c.photos()) earlierPhotos.put(photoKey(c, p), p.rank());
    }
    int both = 0;
    int rightBefore = 0;
    int rightNow = 0;
    int top1Fixed = 0;
    int top1Broken = 0;
    int topKFixed = 0;
    int topKBroken = 0;
    int photos = 0;
    int photoFixed = 0;
    int photoBroken = 0;
    List<Change> changed = new ArrayList<>();
    for (CaptureResult c : now.captures()) {
      CaptureResult was = earlier.get(c.partId() + "/" + c.capture());
      if (was == null) continue;
      both++;
      if (was.rank() == 1) rightBefore++;
      if (c.rank() == 1) rightNow++;
      if (was.rank() != 1 && c.rank() == 1) top1Fixed++;
      if (was.rank() == 1 && c.rank() != 1) top1Broken++;
      if (was.rank() == 0 && c.rank() > 0) topKFixed++;
      if (was.rank() > 0 && c.rank() == 0) topKBroken++;
      if (was.rank() != c.rank()) changed.add(new Change(c.partId(), c.capture(), was.rank(), c.rank()));
      for (CaptureResult.PhotoResult p : c.photos()) {
        Integer rank = earlierPhotos.get(photoKey(c, p));
        if (rank == null) continue;
        photos++;
        if (rank != 1 && p.rank() == 1) photoFixed++;
        if (rank == 1 && p.rank() != 1) photoBroken++;
      }
    }
    if (both == 0) {
      throw new IllegalArgumentException("--baseline " + baselineFile + ": none of its " + before.captures().size()
          + " captures is in " + now.photos() + " (captures are matched by part folder and capture name)");
    }
    int inOne = before.captures().size() + now.captures().size() - 2 * both;
    return new PhotoComparison(baselineFile, both, rightBefore / (double) both, rightNow / (double) both, inOne,
        Split.of(top1Fixed, top1Broken), Split.of(topKFixed, topKBroken), photos, Split.of(photoFixed, photoBroken),
        List.copyOf(changed));
  }

  private static String photoKey(CaptureResult capture, CaptureResult.PhotoResult photo) {
    return capture.partId() + "/" + Path.of(photo.path()).getFileName();
  }

  /** What is printed: the split of captures at top-1 and top-K and of single photos. */
  public List<String> lines(int top) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "against %s: %d captures in both%s, fused top-1 over them %.3f -> %.3f",
        baseline, captures, capturesInOne == 0 ? "" : " (" + capturesInOne + " in only one, left out)",
        fusedTop1Before, fusedTop1Now));
    lines.add("  captures, top-1: " + fusedTop1.describe());
    lines.add("  captures, top-" + top + ": " + fusedTopK.describe());
    lines.add("  single photos (" + photos + " in both), top-1: " + singleTop1.describe());
    return lines;
  }
}
