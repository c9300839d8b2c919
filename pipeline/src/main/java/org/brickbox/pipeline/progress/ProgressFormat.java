package org.brickbox.pipeline.progress;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Pure formatting of progress: a bar line per stage for terminals, one plain line for logs. */
public final class ProgressFormat {
  static final int BAR_WIDTH = 24;

  private ProgressFormat() {}

  /** {@code render  [=========>              ]   120/480   25%   41.3/s  ETA 0:09  2 failed}. */
  public static String bar(StageProgress p) {
    int filled = (int) Math.round(p.fraction() * BAR_WIDTH);
    StringBuilder bar = new StringBuilder("[");
    for (int i = 0; i < BAR_WIDTH; i++) bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
    bar.append(']');
    String counts = p.done() + "/" + p.planned();
    return String.format(Locale.ROOT, "%-7s %s %13s %4d%% %9s  ETA %-7s%s", p.stage(), bar, counts,
        Math.round(p.fraction() * 100), rate(p.rate()), eta(p), failed(p)).stripTrailing();
  }

  /** {@code progress 0:42  render 120/480 25% 41.3/s ETA 0:09; embed 32/480 7% 12.0/s ETA 0:37}. */
  public static String logLine(List<StageProgress> stages, double elapsedSeconds) {
    return "progress " + clock(elapsedSeconds) + "  " + stages.stream()
        .map(p -> String.format(Locale.ROOT, "%s %d/%d %d%% %s ETA %s%s", p.stage(), p.done(), p.planned(),
            Math.round(p.fraction() * 100), rate(p.rate()), eta(p), failed(p)))
        .collect(Collectors.joining("; "));
  }

  static String rate(double perSecond) {
    return perSecond >= 100 ? String.format(Locale.ROOT, "%.0f/s", perSecond)
        : String.format(Locale.ROOT, "%.1f/s", perSecond);
  }

  static String eta(StageProgress p) {
    if (p.done() >= p.planned()) return "done";
    double eta = p.etaSeconds();
    return eta < 0 ? "--:--" : clock(eta);
  }

  /** 0:09, 12:34, 1:02:03. */
  static String clock(double seconds) {
    long s = (long) Math.ceil(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static String failed(StageProgress p) {
    return p.failed() == 0 ? "" : "  " + p.failed() + " failed";
  }
}
