package org.brickbox.pipeline.identify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A camera's scale fitted on photos: each photo of a known part with a whole silhouette gives one estimate,
 * its length in pixels ({@link org.brickbox.fuse.ShapeCues#length}) over the size its part has in the reference
 * views most like it ({@link org.brickbox.fuse.ReferenceIndex#typicalSize}); one camera's photos share a side name
 * ({@link PhotoFolder#nameOf}: {@code front}, {@code below}), and the median over them is its scale. Measured through
 * the same segmentation as the photos it will be used on, the fit carries the photo path's own habits (a part a few
 * per cent longer than the render's) instead of a ruler's. Without labels, a capture's part is its answer identified
 * without a scale: wrong answers are mostly near-twins of about the same size, or miss both ways, so the median
 * hardly moves (on the photo proxy: log(estimate / truth) median +0.022, against +0.020 with the labels).
 */
public final class CameraScaleFit {
  /** The reference views a photo's part size is read from: its nearest few, not one lucky view. */
  public static final int NEAREST_VIEWS = 5;
  /** The side name of the median over every photo. */
  public static final String ALL = "all";

  /**
   * One photo's estimate (pixels per millimetre), and the side it was taken from.
   *
   * @param partId the part whose reference sizes gave the estimate: the label, or the capture's answer without one
   * @param label the part the photo's folder names; null in an unlabelled folder
   */
  public record PhotoEstimate(String photo, String partId, String label, String side, double pixelsPerMm) {}

  /** One camera's scale: the median of its photos' estimates and their interquartile range. */
  public record Scale(String side, int photos, double pixelsPerMm, double lowerQuartile, double upperQuartile) {}

  /**
   * What {@code calibrate --out} writes: the scales, every photo's estimate, and the photos not used with why.
   *
   * @param labelled whether the parts' sizes were the labels' ({@code false}: each capture's answer, identified
   *     without a scale)
   */
  public record Report(String index, String photos, boolean labelled, List<Scale> scales,
      List<PhotoEstimate> estimates, List<String> unused) {}

  private CameraScaleFit() {}

  /** Per side (in name order), then over every photo ({@code side} "all"); sides without an estimate are left out. */
  public static List<Scale> fit(List<PhotoEstimate> estimates) {
    Map<String, List<Double>> bySide = new TreeMap<>();
    List<Double> all = new ArrayList<>();
    for (PhotoEstimate e : estimates) {
      if (!(e.pixelsPerMm() > 0) || Double.isInfinite(e.pixelsPerMm())) continue;
      bySide.computeIfAbsent(e.side(), s -> new ArrayList<>()).add(e.pixelsPerMm());
      all.add(e.pixelsPerMm());
    }
    List<Scale> scales = new ArrayList<>();
    bySide.forEach((side, values) -> scales.add(scale(side, values)));
    if (!all.isEmpty()) scales.add(scale(ALL, all));
    return scales;
  }

  /**
   * The scale a photo of {@code side} was taken at: its side's median, else the median over every photo (a side
   * none of whose photos gave an estimate was taken by a camera the fit did not see apart); NaN without either.
   */
  public static double scaleOf(List<Scale> scales, String side) {
    double all = Double.NaN;
    for (Scale s : scales) {
      if (s.side().equals(side)) return s.pixelsPerMm();
      if (s.side().equals(ALL)) all = s.pixelsPerMm();
    }
    return all;
  }

  private static Scale scale(String side, List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Scale(side, sorted.length, quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75));
  }

  /** The {@code q} quantile of sorted values, linear between neighbours. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) throw new IllegalArgumentException("no values");
    double at = q * (sorted.length - 1);
    int below = (int) Math.floor(at);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
  }
}
