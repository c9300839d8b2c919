package org.brickbox.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawProblem;
import org.brickbox.io.ldraw.Mesh;
import org.brickbox.io.ldraw.PartGeometry;
import org.brickbox.render.PreparedMesh;

/**
 * A flattened part as the mesh files carry it: millimetres in a right-handed Z-up frame, the renderer's smooth corner
 * normals ({@link PreparedMesh}, same crease angle), one {@link ExportMaterial} per LDraw colour code, and every
 * triangle of the flattened mesh except those of zero area, which have no normal to write.
 *
 * <p>Frame: out = 0.4 mm/LDU × (x, z, −y) of LDraw's −Y-up coordinates, a rotation of −90° about X (determinant +1,
 * no mirror), so faces the flattener winds counter-clockwise seen from outside stay so. The LDraw origin is kept
 * (for a brick, the centre of the top face below the studs). Corners whose coordinates are equal once rounded to
 * {@link #DECIMALS} decimals of a millimetre share one vertex.
 */
public final class ExportMesh {
  public static final double MM_PER_LDU = 0.4;
  /** Coordinates are rounded to this many decimals of a millimetre, which floats of LDraw sizes do not exceed. */
  public static final int DECIMALS = 6;
  private static final double GRID_PER_MM = Math.pow(10, DECIMALS);

  private final PartGeometry part;
  /** Unique vertices, xyz in millimetres, and unique unit normals, xyz. */
  private final double[] positions;
  private final float[] normals;
  /** Per triangle: three vertex indices, three normal indices, the unit face normal, the material index. */
  private final int[] corners;
  private final int[] cornerNormals;
  private final float[] faceNormals;
  private final int[] materialOf;
  private final List<ExportMaterial> materials;
  private final int twoSided;

  /**
   * Converts one loaded part.
   *
   * @throws ExportException when loading skipped malformed lines anywhere in the part's files (the mesh would have
   *     holes; the first problem's file and line are named), or when the part has no triangles
   */
  public static ExportMesh of(PartGeometry part, ColourTable colours) {
    String file = "parts/" + part.partId() + ".dat";
    List<LDrawProblem> problems = part.warnings();
    if (!problems.isEmpty()) {
      LDrawProblem first = problems.get(0);
      int more = problems.size() - 1;
      throw new ExportException(first + (more == 0 ? "" : " (and " + more + " more problem" + (more == 1 ? "" : "s")
          + ")") + "; the mesh would have holes, so part " + part.partId() + " is not exported",
          first.line() > 0 ? first.file() + ":" + first.line() : first.file());
    }
    if (part.mesh().triangleCount() == 0) {
      throw new ExportException(file + ": part " + part.partId() + " has no triangles to export", file);
    }
    return new ExportMesh(part, colours);
  }

  private record PositionKey(long x, long y, long z) {}

  private record NormalKey(float x, float y, float z) {}

  private ExportMesh(PartGeometry part, ColourTable colours) {
    this.part = part;
    Mesh mesh = part.mesh();
    float[] v = mesh.triangles();
    float[] n = PreparedMesh.of(mesh).normals();
    int count = mesh.triangleCount();
    Map<PositionKey, Integer> positionIds = new HashMap<>();
    Map<NormalKey, Integer> normalIds = new HashMap<>();
    Map<Integer, Integer> materialIds = new HashMap<>();
    List<ExportMaterial> materialList = new ArrayList<>();
    double[] vertexBuffer = new double[9 * count];
    float[] normalBuffer = new float[9 * count];
    int[] cornerBuffer = new int[3 * count];
    int[] cornerNormalBuffer = new int[3 * count];
    float[] faceNormalBuffer = new float[3 * count];
    int[] materialBuffer = new int[count];
    int kept = 0;
    int twoSidedCount = 0;
    PositionKey[] keys = new PositionKey[3];
    NormalKey[] normalKeys = new NormalKey[3];
    for (int t = 0; t < count; t++) {
      float[] face = faceNormal(v, 9 * t);
      boolean degenerate = face == null;
      for (int k = 0; k < 3; k++) {
        int o = 9 * t + 3 * k;
        keys[k] = new PositionKey(grid(v[o]), grid(v[o + 2]), grid(-v[o + 1]));
        normalKeys[k] = new NormalKey(n[o], n[o + 2], -n[o + 1]);
        degenerate |= n[o] == 0 && n[o + 1] == 0 && n[o + 2] == 0;
      }
      if (degenerate || keys[0].equals(keys[1]) || keys[1].equals(keys[2]) || keys[0].equals(keys[2])) continue;
      for (int k = 0; k < 3; k++) {
        cornerBuffer[3 * kept + k] = positionIds.computeIfAbsent(keys[k], key -> {
          int id = positionIds.size();
          vertexBuffer[3 * id] = key.x() / GRID_PER_MM;
          vertexBuffer[3 * id + 1] = key.y() / GRID_PER_MM;
          vertexBuffer[3 * id + 2] = key.z() / GRID_PER_MM;
          return id;
        });
        cornerNormalBuffer[3 * kept + k] = normalIds.computeIfAbsent(normalKeys[k], key -> {
          int id = normalIds.size();
          normalBuffer[3 * id] = key.x();
          normalBuffer[3 * id + 1] = key.y();
          normalBuffer[3 * id + 2] = key.z();
          return id;
        });
      }
      System.arraycopy(face, 0, faceNormalBuffer, 3 * kept, 3);
      int code = mesh.triangleColour(t);
      materialBuffer[kept] = materialIds.computeIfAbsent(code, c -> {
        materialList.add(ExportMaterial.of(c, colours));
        return materialList.size() - 1;
      });
      if (mesh.isTwoSided(t)) twoSidedCount++;
      kept++;
    }
    this.positions = Arrays.copyOf(vertexBuffer, 3 * positionIds.size());
    this.normals = Arrays.copyOf(normalBuffer, 3 * normalIds.size());
    this.corners = Arrays.copyOf(cornerBuffer, 3 * kept);
    this.cornerNormals = Arrays.copyOf(cornerNormalBuffer, 3 * kept);
    this.faceNormals = Arrays.copyOf(faceNormalBuffer, 3 * kept);
    this.materialOf = Arrays.copyOf(materialBuffer, kept);
    this.materials = List.copyOf(materialList);
    this.twoSided = twoSidedCount;
  }

  /** An LDraw coordinate in output millimetres, on the rounding grid. */
  private static long grid(float ldu) {
    return Math.round(ldu * MM_PER_LDU * GRID_PER_MM);
  }

  /** The unit face normal in the output frame, by the right-hand rule; null for a triangle of zero area. */
  private static float[] faceNormal(float[] v, int o) {
    double ax = v[o + 3] - v[o], ay = v[o + 4] - v[o + 1], az = v[o + 5] - v[o + 2];
    double bx = v[o + 6] - v[o], by = v[o + 7] - v[o + 1], bz = v[o + 8] - v[o + 2];
    double nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
    double length = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (length == 0) return null;
    return new float[] {(float) (nx / length), (float) (nz / length), (float) (-ny / length)};
  }

  public String partId() {
    return part.partId();
  }

  /** The part's title line, e.g. {@code Brick  2 x  4}. */
  public String description() {
    return part.header().description();
  }

  public int vertexCount() {
    return positions.length / 3;
  }

  public int normalCount() {
    return normals.length / 3;
  }

  public int triangleCount() {
    return materialOf.length;
  }

  /** Triangles of the flattened mesh left out because they have zero area (once rounded to the grid). */
  public int droppedTriangles() {
    return part.mesh().triangleCount() - triangleCount();
  }

  /** Triangles from files without BFC or NOCLIP sections: drawn from both sides, their winding is arbitrary. */
  public int twoSidedTriangles() {
    return twoSided;
  }

  /** The materials in order of first use. */
  public List<ExportMaterial> materials() {
    return materials;
  }

  /** Coordinate {@code axis} (0 x, 1 y, 2 z) of vertex {@code vertex}, in millimetres. */
  double position(int vertex, int axis) {
    return positions[3 * vertex + axis];
  }

  float normal(int normal, int axis) {
    return normals[3 * normal + axis];
  }

  /** The vertex at corner {@code corner} (0..2) of {@code triangle}. */
  int corner(int triangle, int corner) {
    return corners[3 * triangle + corner];
  }

  /** The normal index at corner {@code corner} (0..2) of {@code triangle}. */
  int cornerNormal(int triangle, int corner) {
    return cornerNormals[3 * triangle + corner];
  }

  float faceNormal(int triangle, int axis) {
    return faceNormals[3 * triangle + axis];
  }

  /** Index into {@link #materials()} of {@code triangle}'s colour. */
  int material(int triangle) {
    return materialOf[triangle];
  }

  /** The comment lines every file starts with, without comment markers; the first names part, units and up axis. */
  List<String> header() {
    return List.of(
        "brickbox export " + partId() + " " + description() + " units=mm up=+Z",
        "origin: the LDraw part origin, not recentred; x = 0.4 * LDraw x, y = 0.4 * LDraw z, z = -0.4 * LDraw y",
        "triangles " + triangleCount() + " wound counter-clockwise seen from outside, except " + twoSidedTriangles()
            + " two-sided ones (no BFC) of arbitrary winding; " + droppedTriangles() + " of zero area left out",
        "materials ldraw_<LDraw colour code>; ldraw_16 is the main colour (chosen by the user), grey here",
        "LDraw part closure sha256 " + part.closureHash());
  }
}
