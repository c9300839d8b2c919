package org.brickbox.io.ldraw;

import java.util.ArrayList;
import java.util.List;

/** Outcome of a {@link PartSelection}: known part ids to build, and requested ids the catalogue lacks. */
public record SelectedParts(List<String> partIds, List<String> unknownIds) {
  public SelectedParts {
    partIds = List.copyOf(partIds);
    unknownIds = List.copyOf(unknownIds);
  }

  /** The first {@code n} parts (all when {@code n} is 0 or at least the count). */
  public SelectedParts first(int n) {
    if (n < 0) throw new IllegalArgumentException("part count must be >= 0, was " + n);
    return n == 0 || n >= partIds.size() ? this : new SelectedParts(partIds.subList(0, n), unknownIds);
  }

  /**
   * {@code n} parts spread evenly over the selection (all when {@code n} is 0 or at least the count): a small,
   * deterministic stand-in for the whole selection when estimating what a full build costs.
   */
  public SelectedParts evenlySpaced(int n) {
    if (n < 0) throw new IllegalArgumentException("part count must be >= 0, was " + n);
    if (n == 0 || n >= partIds.size()) return this;
    List<String> sample = new ArrayList<>(n);
    for (int i = 0; i < n; i++) sample.add(partIds.get((int) ((long) i * partIds.size() / n)));
    return new SelectedParts(sample, unknownIds);
  }
}
