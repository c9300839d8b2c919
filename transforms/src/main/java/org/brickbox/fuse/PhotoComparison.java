package org.brickbox.fuse;

/**
 * How a photo is compared with a user's photo references ({@link ReferenceView#photo}); renders are compared by
 * cosine and silhouette either way.
 */
public enum PhotoComparison {
  /** The plain cosine plus the silhouette term, as renders are: how indexes written before 2026-12-07 were fitted. */
  COSINE,
  /**
   * The cosine under the photo references' own metric ({@link PhotoMetric}; plain cosine while they are too few to
   * measure it), without the silhouette term: a photo's outline against another photo of the part in another pose
   * says little, and the part's renders judge the outline and the repeat count from every side. A part known only from
   * photos loses it too: were it kept there, its photos' scores would outrank every photographed part with renders
   * (BENCHMARKS.md). Over eight draws of references this raised one shot (0.850 to 0.865) and lowered three (0.908 to
   * 0.885), the metric itself neither.
   */
  WHITENED;

  /** What an index built now uses. */
  public static final PhotoComparison CURRENT = WHITENED;
}
