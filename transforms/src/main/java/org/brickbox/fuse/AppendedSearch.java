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
    return merge(base.search(query, k), appended.search(query, k), k);
  }

  @Override
  public List<List<Neighbour>> searchAll(List<float[]> queries, int k) {
    List<List<Neighbour>> fromBase = base.searchAll(queries, k);
    List<List<Neighbour>> fromAppended = appended.searchAll(queries, k);
    List<List<Neighbour>> out = new ArrayList<>(queries.size());
    for (int q = 0; q < queries.size(); q++) out.add(merge(fromBase.get(q), fromAppended.get(q), k));
    return out;
  }

  private List<Neighbour> merge(List<Neighbour> fromBase, List<Neighbour> fromAppended, int k) {
    List<Neighbour> all = new ArrayList<>(fromBase);
    for (Neighbour n : fromAppended) all.add(new Neighbour(n.ordinal() + offset, n.similarity()));
    all.sort(Comparator.comparing(Neighbour::similarity).reversed().thenComparing(Neighbour::ordinal));
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  @Override
  public String mode() {
    return base.mode() + "+exact";
  }
}
