package org.brickbox.io.ldraw;

import java.util.Arrays;
import java.util.BitSet;

/** Growable buffers that assemble a {@link Mesh}; used by the flattener and by tests that build geometry. */
public final class MeshBuilder {
  private float[] triangles = new float[9 * 64];
  private int[] triangleColours = new int[64];
  private final BitSet twoSided = new BitSet();
  private int triangleCount;
  private float[] edges = new float[6 * 64];
  private int[] edgeColours = new int[64];
  private int edgeCount;
  private float[] conditional = new float[12 * 16];
  private int[] conditionalColours = new int[16];
  private int conditionalCount;

  public int triangleCount() {
    return triangleCount;
  }

  /** Adds one triangle; {@code v} holds 9 floats starting at {@code offset}. */
  public void addTriangle(float[] v, int offset, int colour, boolean isTwoSided) {
    if (triangleCount == triangleColours.length) {
      triangleColours = Arrays.copyOf(triangleColours, triangleCount * 2);
      triangles = Arrays.copyOf(triangles, triangleCount * 2 * 9);
    }
    System.arraycopy(v, offset, triangles, triangleCount * 9, 9);
    triangleColours[triangleCount] = colour;
    if (isTwoSided) twoSided.set(triangleCount);
    triangleCount++;
  }

  /** Convenience for tests: a triangle from three xyz points. */
  public MeshBuilder triangle(int colour, boolean isTwoSided, float... nineFloats) {
    addTriangle(nineFloats, 0, colour, isTwoSided);
    return this;
  }

  /** Adds one edge line; {@code v} holds 6 floats starting at {@code offset}. */
  public void addEdge(float[] v, int offset, int colour) {
    if (edgeCount == edgeColours.length) {
      edgeColours = Arrays.copyOf(edgeColours, edgeCount * 2);
      edges = Arrays.copyOf(edges, edgeCount * 2 * 6);
    }
    System.arraycopy(v, offset, edges, edgeCount * 6, 6);
    edgeColours[edgeCount++] = colour;
  }

  /** Adds one conditional line; {@code v} holds 12 floats (p1, p2, c1, c2) starting at {@code offset}. */
  public void addConditionalLine(float[] v, int offset, int colour) {
    if (conditionalCount == conditionalColours.length) {
      conditionalColours = Arrays.copyOf(conditionalColours, conditionalCount * 2);
      conditional = Arrays.copyOf(conditional, conditionalCount * 2 * 12);
    }
    System.arraycopy(v, offset, conditional, conditionalCount * 12, 12);
    conditionalColours[conditionalCount++] = colour;
  }

  public Mesh build() {
    return new Mesh(
        Arrays.copyOf(triangles, triangleCount * 9),
        Arrays.copyOf(triangleColours, triangleCount),
        (BitSet) twoSided.clone(),
        Arrays.copyOf(edges, edgeCount * 6),
        Arrays.copyOf(edgeColours, edgeCount),
        Arrays.copyOf(conditional, conditionalCount * 12),
        Arrays.copyOf(conditionalColours, conditionalCount));
  }
}
