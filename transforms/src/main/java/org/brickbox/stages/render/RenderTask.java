package org.brickbox.stages.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A unit of render work: a run of consecutive views of one part. Parts differ a hundredfold in cost, so whole
 * parts balance badly over a few workers; runs of views let every worker take a fair share while the part is
 * still loaded once per run of views rather than once per image.
 */
public record RenderTask(String partId, int firstView, int viewCount) {

  /** The tasks covering views 0..views-1 of a part, {@code viewsPerTask} at a time. */
  public static List<RenderTask> split(String partId, int views, int viewsPerTask) {
    return cover(partId, java.util.stream.IntStream.range(0, views).boxed().toList(), viewsPerTask);
  }

  /**
   * The tasks covering only {@code views} of a part (ascending view indices, e.g. those an incremental rebuild
   * must redo): each run of consecutive views split {@code viewsPerTask} at a time.
   */
  public static List<RenderTask> cover(String partId, List<Integer> views, int viewsPerTask) {
    if (viewsPerTask < 1) throw new IllegalArgumentException("--viewsPerTask must be >= 1, was " + viewsPerTask);
    List<RenderTask> tasks = new ArrayList<>();
    int i = 0;
    while (i < views.size()) {
      int first = views.get(i);
      int count = 1;
      while (i + count < views.size() && views.get(i + count) == first + count && count < viewsPerTask) count++;
      tasks.add(new RenderTask(partId, first, count));
      i += count;
    }
    return tasks;
  }

  /** The task that reports on the part as a whole (its load and, if it cannot be loaded, the dead letter). */
  public boolean reportsPart() {
    return firstView == 0;
  }

  @Override
  public String toString() {
    return partId + "/v" + firstView + "+" + viewCount;
  }
}
