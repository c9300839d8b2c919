package org.brickbox.io.ldraw;

/**
 * Builds a part's {@link Mesh} by instancing the parsed files of its {@link PartClosure} with their transforms,
 * colours and BFC state. The closure was checked already (no cycles, bounded depth and size), so this is a
 * plain recursive walk: one reusable matrix stack, one scratch buffer, output sized exactly up front.
 */
final class Flattener {
  private final PartClosure closure;
  private final ColourTable colours;
  /** 3x4 row-major transforms, one per nesting level. */
  private final float[] matrices;
  private final float[] scratch = new float[12];
  private final MeshBuilder out;

  private Flattener(PartClosure closure, ColourTable colours, int maxDepth) {
    this.closure = closure;
    this.colours = colours;
    this.matrices = new float[12 * (maxDepth + 1)];
    this.out = new MeshBuilder((int) closure.triangles(), (int) closure.edges(), (int) closure.conditionals());
  }

  static Mesh flatten(PartClosure closure, ColourTable colours, int maxDepth) {
    Flattener flattener = new Flattener(closure, colours, maxDepth);
    float[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    System.arraycopy(identity, 0, flattener.matrices, 0, 12);
    flattener.emit(closure.root(), 0, Mesh.MAIN_COLOUR, Mesh.EDGE_COLOUR, false, true);
    return flattener.out.build();
  }

  /**
   * @param inverted whether the accumulated transform and INVERTNEXTs flip this file's winding
   * @param culled whether every reference down to here was in certified, clipping context
   */
  private void emit(LDrawFile file, int depth, int colour, int edgeColour, boolean inverted, boolean culled) {
    int m = 12 * depth;
    Mesh g = file.geometry();
    float[] triangles = g.triangles();
    for (int t = 0; t < g.triangleCount(); t++) {
      transform(triangles, 9 * t, 3, m);
      if (inverted) LDrawParser.swapLastTwoVertices(scratch, 0);
      out.addTriangle(scratch, 0, inherit(g.triangleColour(t), colour, edgeColour), !culled || g.isTwoSided(t));
    }
    float[] edges = g.edges();
    for (int e = 0; e < g.edgeCount(); e++) {
      transform(edges, 6 * e, 2, m);
      out.addEdge(scratch, 0, inherit(g.edgeColour(e), colour, edgeColour));
    }
    float[] conditionals = g.conditionalLines();
    for (int c = 0; c < g.conditionalLineCount(); c++) {
      transform(conditionals, 12 * c, 4, m);
      out.addConditionalLine(scratch, 0, inherit(g.conditionalColour(c), colour, edgeColour));
    }
    for (SubFileRef ref : file.references()) {
      compose(m, ref.matrix(), m + 12);
      int childColour = inherit(ref.colour(), colour, edgeColour);
      int childEdge = ref.colour() == Mesh.MAIN_COLOUR ? edgeColour : colours.edgeCodeOf(childColour);
      emit(closure.files().get(ref.target()), depth + 1, childColour, childEdge,
          inverted ^ ref.inverts(), culled && ref.clipped());
    }
  }

  /** 16 takes the referencing line's colour, 24 its edge colour; other codes are kept. */
  private static int inherit(int code, int colour, int edgeColour) {
    return code == Mesh.MAIN_COLOUR ? colour : code == Mesh.EDGE_COLOUR ? edgeColour : code;
  }

  /** Transforms {@code points} xyz points from {@code src[from]} by the matrix at {@code m} into the scratch. */
  private void transform(float[] src, int from, int points, int m) {
    float[] t = matrices;
    for (int p = 0; p < points; p++) {
      int i = from + 3 * p;
      float x = src[i], y = src[i + 1], z = src[i + 2];
      scratch[3 * p] = t[m] * x + t[m + 1] * y + t[m + 2] * z + t[m + 3];
      scratch[3 * p + 1] = t[m + 4] * x + t[m + 5] * y + t[m + 6] * z + t[m + 7];
      scratch[3 * p + 2] = t[m + 8] * x + t[m + 9] * y + t[m + 10] * z + t[m + 11];
    }
  }

  /** matrices[to] = matrices[parent] × local, both affine 3x4. */
  private void compose(int parent, float[] local, int to) {
    float[] t = matrices;
    for (int row = 0; row < 3; row++) {
      int r = parent + 4 * row;
      for (int col = 0; col < 4; col++) {
        t[to + 4 * row + col] = t[r] * local[col] + t[r + 1] * local[4 + col] + t[r + 2] * local[8 + col]
            + (col == 3 ? t[r + 3] : 0f);
      }
    }
  }
}
