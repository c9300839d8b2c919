package org.brickbox.io.ldraw;

import java.util.Arrays;
import java.util.BitSet;

/** Growable buffers that assemble a {@link Mesh}; used by the flattener and by tests that build geometry. */
public final class MeshBuilder {
  private float[] triangles;
  private int[] triangleColours;
  private final BitSet twoSided = new BitSet();
  private int triangleCount;
  private float[] edges;
  private int[] edgeColours;
  private int edgeCount;
  private float[] conditional;
  private int[] conditionalColours;
  private int conditionalCount;

  public MeshBuilder() {
    this(64, 64, 16);
  }

  /** Sized up front, as the flattener knows its exact counts: the buffers then never grow. */
  public MeshBuilder(int triangleCapacity, int edgeCapacity, int conditionalCapacity) {
    triangles = new float[9 * triangleCapacity];
    triangleColours = new int[triangleCapacity];
    edges = new float[6 * edgeCapacity];
    edgeColours = new int[edgeCapacity];
    conditional = new float[12 * conditionalCapacity];
    conditionalColours = new int[conditionalCapacity];
  }

  private static int grown(int count) {
    return Math.max(16, count * 2);
  }

  public int triangleCount() {
    return triangleCount;
  }

  /** Adds one triangle; {@code v} holds 9 floats starting at {@code offset}. */
  public void addTriangle(float[] v, int offset, int colour, boolean isTwoSided) {
    if (triangleCount == triangleColours.length) {
      triangleColours = Arrays.copyOf(triangleColours, grown(triangleCount));
      triangles = Arrays.copyOf(triangles, grown(triangleCount) * 9);
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
      edgeColours = Arrays.copyOf(edgeColours, grown(edgeCount));
      edges = Arrays.copyOf(edges, grown(edgeCount) * 6);
    }
    System.arraycopy(v, offset, edges, edgeCount * 6, 6);
    edgeColours[edgeCount++] = colour;
  }

  /** Adds one conditional line; {@code v} holds 12 floats (p1, p2, c1, c2) starting at {@code offset}. */
  public void addConditionalLine(float[] v, int offset, int colour) {
    if (conditionalCount == conditionalColours.length) {
      conditionalColours = Arrays.copyOf(conditionalColours, grown(conditionalCount));
      conditional = Arrays.copyOf(conditional, grown(conditionalCount) * 12);
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
