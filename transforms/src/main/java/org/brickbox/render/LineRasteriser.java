package org.brickbox.render;

/**
 * Draws edge lines and conditional lines into a {@link Frame} as lines a fixed number of samples wide, depth-tested
 * with a small relative bias so lines lying on a surface win over it, and hidden lines stay hidden. A conditional
 * line is drawn only when its two control points project to the same side of it (the LDraw rule), i.e. when it is
 * on the current silhouette.
 */
final class LineRasteriser {
  /** Lines within 1 % of a surface's depth are in front of it. */
  private static final float DEPTH_BIAS = 1.01f;
  private final float[] ends = new float[12];

  void drawEdges(PreparedMesh mesh, Camera camera, Frame frame, int width) {
    float[] lines = mesh.mesh().edges();
    for (int i = 0; i < mesh.mesh().edgeCount(); i++) {
      project(camera, lines, i * 6, 2);
      draw(frame, width, Frame.lineId(mesh.edgeSlot(i)));
    }
  }

  void drawConditionalLines(PreparedMesh mesh, Camera camera, Frame frame, int width) {
    float[] lines = mesh.mesh().conditionalLines();
    for (int i = 0; i < mesh.mesh().conditionalLineCount(); i++) {
      project(camera, lines, i * 12, 4);
      if (controlPointsOnSameSide()) draw(frame, width, Frame.lineId(mesh.conditionalSlot(i)));
    }
  }

  /** Projects {@code points} xyz points into {@link #ends} as (sample x, sample y, 1/z). */
  private void project(Camera camera, float[] xyz, int offset, int points) {
    float[] m = camera.projection;
    for (int k = 0; k < points; k++) {
      float x = xyz[offset + k * 3], y = xyz[offset + k * 3 + 1], z = xyz[offset + k * 3 + 2];
      float inverseZ = 1f / (m[8] * x + m[9] * y + m[10] * z + m[11]);
      ends[k * 3] = (m[0] * x + m[1] * y + m[2] * z + m[3]) * inverseZ;
      ends[k * 3 + 1] = (m[4] * x + m[5] * y + m[6] * z + m[7]) * inverseZ;
      ends[k * 3 + 2] = inverseZ;
    }
  }

  boolean controlPointsOnSameSide() {
    float dx = ends[3] - ends[0], dy = ends[4] - ends[1];
    float side1 = dx * (ends[7] - ends[1]) - dy * (ends[6] - ends[0]);
    float side2 = dx * (ends[10] - ends[1]) - dy * (ends[9] - ends[0]);
    return side1 * side2 > 0;
  }

  /** Steps one sample at a time along the major axis and covers {@code width} samples across it. */
  private void draw(Frame frame, int width, int id) {
    float x0 = ends[0], y0 = ends[1], z0 = ends[2];
    float dx = ends[3] - x0, dy = ends[4] - y0, dz = ends[5] - z0;
    boolean steep = Math.abs(dy) > Math.abs(dx);
    int steps = Math.max(1, (int) Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
    int size = frame.size;
    float[] depth = frame.inverseDepth;
    int[] ids = frame.ids;
    float across = (width - 1) / 2f;
    for (int s = 0; s <= steps; s++) {
      float t = s / (float) steps;
      float x = x0 + dx * t, y = y0 + dy * t, z = (z0 + dz * t) * DEPTH_BIAS;
      int cx = (int) Math.floor(steep ? x - across : x);
      int cy = (int) Math.floor(steep ? y : y - across);
      for (int k = 0; k < width; k++) {
        int px = steep ? cx + k : cx, py = steep ? cy : cy + k;
        if (px < 0 || py < 0 || px >= size || py >= size) continue;
        int i = py * size + px;
        if (z >= depth[i]) {
          ids[i] = id;
          depth[i] = Math.max(depth[i], z);
        }
      }
    }
  }
}
