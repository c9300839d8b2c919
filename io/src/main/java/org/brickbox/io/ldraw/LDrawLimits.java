package org.brickbox.io.ldraw;

/**
 * Guards against hostile or broken files: the deepest allowed sub-file nesting (the part itself is depth 0)
 * and the most triangles (and, separately, edge or conditional lines) one flattened part may expand to.
 */
public record LDrawLimits(int maxDepth, long maxTriangles) implements java.io.Serializable {
  public static final LDrawLimits DEFAULT = new LDrawLimits(32, 2_000_000);

  public LDrawLimits {
    if (maxDepth < 1 || maxTriangles < 1) {
      throw new IllegalArgumentException("limits must be positive: depth " + maxDepth + ", triangles " + maxTriangles);
    }
  }
}
