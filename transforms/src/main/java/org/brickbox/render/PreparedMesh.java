package org.brickbox.render;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.brickbox.io.ldraw.Mesh;
import org.brickbox.render.photo.RestingPose;
import org.brickbox.render.photo.RestingPoses;

/**
 * A mesh made ready to render many views: smooth corner normals (so studs and cylinders shade round while box
 * edges stay sharp), a bounding sphere for framing, and colour codes reduced to a small slot table so each render
 * resolves only the few distinct codes a part uses. Immutable and thread-safe; prepare once, render every view.
 */
public final class PreparedMesh {
  /** Faces meeting at less than this angle share a smoothed normal; 16- and 24-sided cylinders fall below it. */
  public static final double DEFAULT_CREASE_DEG = 36.0;
  /** Corners closer than 1/64 LDU are the same vertex when normals are smoothed. */
  private static final double WELD_SCALE = 64.0;

  private final Mesh mesh;
  private final float[] normals;
  private final int[] codes;
  private final int[] triangleSlots;
  private final int[] edgeSlots;
  private final int[] conditionalSlots;
  private final boolean[] twoSided;
  private final boolean[] flat;
  private final double[] centre;
  private final double radius;
  private volatile List<RestingPose> restingPoses;

  private PreparedMesh(Mesh mesh, double creaseDeg) {
    if (mesh.isEmpty()) throw new IllegalArgumentException("PreparedMesh: mesh has no triangles and no edges");
    this.mesh = mesh;
    this.normals = SmoothNormals.compute(mesh.triangles(), Math.cos(Math.toRadians(creaseDeg)), WELD_SCALE);
    Map<Integer, Integer> slotOfCode = new HashMap<>();
    int[][] slots = {
      slots(mesh.triangleCount(), mesh::triangleColour, slotOfCode),
      slots(mesh.edgeCount(), mesh::edgeColour, slotOfCode),
      slots(mesh.conditionalLineCount(), mesh::conditionalColour, slotOfCode)
    };
    this.triangleSlots = slots[0];
    this.edgeSlots = slots[1];
    this.conditionalSlots = slots[2];
    this.codes = new int[slotOfCode.size()];
    slotOfCode.forEach((code, slot) -> codes[slot] = code);
    this.twoSided = new boolean[mesh.triangleCount()];
    this.flat = new boolean[mesh.triangleCount()];
    for (int t = 0; t < twoSided.length; t++) {
      twoSided[t] = mesh.isTwoSided(t);
      flat[t] = hasOneNormal(normals, t);
    }
    float[] b = mesh.bounds();
    this.centre = new double[] {(b[0] + b[3]) / 2.0, (b[1] + b[4]) / 2.0, (b[2] + b[5]) / 2.0};
    this.radius = Math.max(1e-3, Math.sqrt(Math.max(maxDistanceSquared(mesh.triangles()),
        maxDistanceSquared(mesh.edges()))));
  }

  /** The part's stable resting poses, most probable first; computed on first use (only the photographic style needs them). */
  public List<RestingPose> restingPoses() {
    List<RestingPose> poses = restingPoses;
    if (poses == null) {
      synchronized (this) {
        if (restingPoses == null) restingPoses = List.copyOf(RestingPoses.of(mesh.triangles()));
        poses = restingPoses;
      }
    }
    return poses;
  }

  public static PreparedMesh of(Mesh mesh) {
    return new PreparedMesh(mesh, DEFAULT_CREASE_DEG);
  }

  public static PreparedMesh of(Mesh mesh, double creaseDeg) {
    return new PreparedMesh(mesh, creaseDeg);
  }

  private interface CodeOf {
    int code(int index);
  }

  /** Slots are numbered in first-seen order, so they do not depend on hash iteration order. */
  private static int[] slots(int count, CodeOf codeOf, Map<Integer, Integer> slotOfCode) {
    int[] slots = new int[count];
    for (int i = 0; i < count; i++) {
      slots[i] = slotOfCode.computeIfAbsent(codeOf.code(i), c -> slotOfCode.size());
    }
    return slots;
  }

  /** True when the three corner normals agree to within about 0.3°, so the triangle shades as one colour. */
  private static boolean hasOneNormal(float[] n, int t) {
    int o = t * 9;
    float d1 = n[o] * n[o + 3] + n[o + 1] * n[o + 4] + n[o + 2] * n[o + 5];
    float d2 = n[o] * n[o + 6] + n[o + 1] * n[o + 7] + n[o + 2] * n[o + 8];
    return d1 > 0.99998f && d2 > 0.99998f;
  }

  private double maxDistanceSquared(float[] xyz) {
    double max = 0;
    for (int i = 0; i + 2 < xyz.length; i += 3) {
      double dx = xyz[i] - centre[0];
      double dy = xyz[i + 1] - centre[1];
      double dz = xyz[i + 2] - centre[2];
      max = Math.max(max, dx * dx + dy * dy + dz * dz);
    }
    return max;
  }

  public Mesh mesh() {
    return mesh;
  }

  int triangleCount() {
    return twoSided.length;
  }

  float[] positions() {
    return mesh.triangles();
  }

  /**
   * Unit normals per triangle corner, 9 floats per triangle, pointing outwards for certified faces; zero only for a
   * triangle of zero area. Not copied: callers must not modify. Public for the mesh export, which writes these.
   */
  public float[] normals() {
    return normals;
  }

  boolean isTwoSided(int triangle) {
    return twoSided[triangle];
  }

  /** True when lighting is the same all over the triangle (directional lights, distant viewer). */
  boolean isFlat(int triangle) {
    return flat[triangle];
  }

  /** The distinct LDraw colour codes used by triangles and lines; slots index into this. */
  int[] codes() {
    return codes;
  }

  int triangleSlot(int triangle) {
    return triangleSlots[triangle];
  }

  int edgeSlot(int edge) {
    return edgeSlots[edge];
  }

  int conditionalSlot(int line) {
    return conditionalSlots[line];
  }

  double[] centre() {
    return Arrays.copyOf(centre, 3);
  }

  double radius() {
    return radius;
  }
}
