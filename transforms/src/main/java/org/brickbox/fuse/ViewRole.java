package org.brickbox.fuse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which views of a part build the index and which are held out: a seeded shuffle per part of its view indices,
 * the first {@code queries} become queries (evaluation), the next {@code validation} fit the fusion weights, the rest
 * are references. A part with too few views for a reference view keeps them all as references.
 */
public enum ViewRole {
  REFERENCE, VALIDATION, QUERY;

  /** The role of every view index {@code 0..views-1} of {@code partId}. */
  public static ViewRole[] split(String partId, int views, int queries, int validation, long seed) {
    ViewRole[] roles = new ViewRole[views];
    java.util.Arrays.fill(roles, REFERENCE);
    if (views - queries - validation < 1) return roles;
    List<Integer> order = new ArrayList<>(views);
    for (int i = 0; i < views; i++) order.add(i);
    // String.hashCode is specified by the language, so the split is the same on every JVM.
    Collections.shuffle(order, new Random(seed * 1_000_003L + partId.hashCode()));
    for (int i = 0; i < queries; i++) roles[order.get(i)] = QUERY;
    for (int i = queries; i < queries + validation; i++) roles[order.get(i)] = VALIDATION;
    return roles;
  }
}
