package org.brickbox.fuse;

import java.util.List;

/**
 * The answer for one physical part (one or more views): the best candidates, best first, the margin between the
 * first two scores and whether that margin is too small to trust ({@code ambiguous}).
 */
public record Identification(List<PartScore> candidates, double margin, boolean ambiguous) {
  public String best() {
    return candidates.isEmpty() ? null : candidates.get(0).partId();
  }

  /** 1-based rank of {@code partId} among the candidates, or 0 when it is not among them. */
  public int rankOf(String partId) {
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i).partId().equals(partId)) return i + 1;
    }
    return 0;
  }
}
