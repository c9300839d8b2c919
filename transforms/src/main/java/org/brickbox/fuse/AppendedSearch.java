package org.brickbox.fuse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A search over an index's own vectors followed by a few more, searched exactly: ordinals of the appended vectors
 * start at {@code base}'s size. The base search stays its index's to close.
 */
final class AppendedSearch implements VectorSearch {
  private final VectorSearch base;
  private final int offset;
  private final ExactSearch appended;

  AppendedSearch(VectorSearch base, int baseSize, float[][] appended) {
    this.base = base;
    this.offset = baseSize;
    this.appended = new ExactSearch(appended);
  }

  @Override
  public List<Neighbour> search(float[] query, int k) {
    List<Neighbour> all = new ArrayList<>(base.search(query, k));
    for (Neighbour n : appended.search(query, k)) all.add(new Neighbour(n.ordinal() + offset, n.similarity()));
    all.sort(Comparator.comparing(Neighbour::similarity).reversed().thenComparing(Neighbour::ordinal));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  @Override
  public String mode() {
    return base.mode() + "+exact";
  }
}
