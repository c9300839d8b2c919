package org.brickbox.io.ldraw;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Flattened geometry of one part in LDraw coordinates (−Y is up), ready for rasterisation.
 *
 * <p>Triangles are stored as 9 floats each (three xyz vertices). After BFC processing, certified faces are
 * wound counter-clockwise when seen from outside the part; faces from uncertified files or NOCLIP sections are
 * marked two-sided and must not be culled. Colour codes are LDraw codes as resolved through the sub-file
 * hierarchy: {@link #MAIN_COLOUR} (16) and {@link #EDGE_COLOUR} (24) remain where the part inherits the colour
 * it is rendered in; direct colours keep their {@code 0x2RRGGBB} code.
 *
 * <p>Edge lines (type 2) are 6 floats each; conditional lines (type 5) are 12 floats each: the two end points
 * followed by the two control points.
 */
public final class Mesh {
  public static final int MAIN_COLOUR = 16;
  public static final int EDGE_COLOUR = 24;

  private final float[] triangles;
  private final int[] triangleColours;
  private final BitSet twoSided;
  private final float[] edges;
  private final int[] edgeColours;
  private final float[] conditionalLines;
  private final int[] conditionalColours;

  Mesh(
      float[] triangles,
      int[] triangleColours,
      BitSet twoSided,
      float[] edges,
      int[] edgeColours,
      float[] conditionalLines,
      int[] conditionalColours) {
    this.triangles = triangles;
    this.triangleColours = triangleColours;
    this.twoSided = twoSided;
    this.edges = edges;
    this.edgeColours = edgeColours;
    this.conditionalLines = conditionalLines;
    this.conditionalColours = conditionalColours;
  }

  public int triangleCount() {
    return triangleColours.length;
  }

  public int edgeCount() {
    return edgeColours.length;
  }

  public int conditionalLineCount() {
    return conditionalColours.length;
  }

  /** Vertex coordinates, 9 floats per triangle. Not copied: callers must not modify. */
  public float[] triangles() {
    return triangles;
  }

  public int triangleColour(int triangle) {
    return triangleColours[triangle];
  }

  /** True when the triangle must be drawn from both sides (uncertified or NOCLIP geometry). */
  public boolean isTwoSided(int triangle) {
    return twoSided.get(triangle);
  }

  /** Edge line end points, 6 floats per line. Not copied: callers must not modify. */
  public float[] edges() {
    return edges;
  }

  public int edgeColour(int edge) {
    return edgeColours[edge];
  }

  /** Conditional lines: p1, p2, control1, control2, 12 floats per line. Not copied: callers must not modify. */
  public float[] conditionalLines() {
    return conditionalLines;
  }

  public int conditionalColour(int line) {
    return conditionalColours[line];
  }

  /** Axis-aligned bounds of all triangle and edge vertices: {minX, minY, minZ, maxX, maxY, maxZ}. */
  public float[] bounds() {
    float[] b = {
      Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY
    };
    extend(b, triangles);
    extend(b, edges);
    return b;
  }

  private static void extend(float[] b, float[] xyz) {
    for (int i = 0; i + 2 < xyz.length; i += 3) {
      for (int a = 0; a < 3; a++) {
        float v = xyz[i + a];
        if (v < b[a]) b[a] = v;
        if (v > b[a + 3]) b[a + 3] = v;
      }
    }
  }

  public boolean isEmpty() {
    return triangleColours.length == 0 && edgeColours.length == 0;
  }

  @Override
  public String toString() {
    return "Mesh{triangles=" + triangleCount() + ", edges=" + edgeCount()
        + ", conditional=" + conditionalLineCount() + ", bounds=" + Arrays.toString(bounds()) + "}";
  }
}
