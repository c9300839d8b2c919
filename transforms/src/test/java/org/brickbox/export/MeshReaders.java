package org.brickbox.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads exported OBJ (+MTL), binary PLY and binary STL files back, written from the formats' specifications and not
 * from the writers, so that tests check the files rather than the code that wrote them.
 */
public final class MeshReaders {
  private MeshReaders() {}

  /** An OBJ material: {@code Kd} and {@code d}. */
  public record Material(double[] kd, double d) {}

  /**
   * Triangles as read: 9 coordinates and 9 normal components per triangle (STL: the facet normal at each corner);
   * per triangle the LDraw colour code (OBJ: from {@code usemtl ldraw_<code>}, PLY: {@code ldraw_colour}, STL: none)
   * and per corner RGBA packed 0xRRGGBBAA (PLY only).
   */
  public record Triangles(List<String> comments, double[] positions, double[] normals, int[] codes, int[] rgba,
      Map<String, Material> materials) {
    public int count() {
      return positions.length / 9;
    }

    /** {minX, minY, minZ, maxX, maxY, maxZ}. */
    public double[] bounds() {
      double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
      for (int i = 0; i < positions.length; i++) {
        b[i % 3] = Math.min(b[i % 3], positions[i]);
        b[3 + i % 3] = Math.max(b[3 + i % 3], positions[i]);
      }
      return b;
    }

    /** Σ v0·(v1×v2)/6 over the triangles: positive for a closed surface wound counter-clockwise from outside. */
    public double signedVolume() {
      double volume = 0;
      double[] p = positions;
      for (int o = 0; o < p.length; o += 9) {
        volume += (p[o] * (p[o + 4] * p[o + 8] - p[o + 5] * p[o + 7])
            - p[o + 1] * (p[o + 3] * p[o + 8] - p[o + 5] * p[o + 6])
            + p[o + 2] * (p[o + 3] * p[o + 7] - p[o + 4] * p[o + 6])) / 6;
      }
      return volume;
    }

    /** The largest |length − 1| over all normals read. */
    public double worstNormalLengthError() {
      double worst = 0;
      for (int i = 0; i < normals.length; i += 3) {
        double length = Math.sqrt(normals[i] * normals[i] + normals[i + 1] * normals[i + 1]
            + normals[i + 2] * normals[i + 2]);
        worst = Math.max(worst, Math.abs(length - 1));
      }
      return worst;
    }

    /** How many triangles carry {@code code}. */
    public long countOf(int code) {
      return java.util.Arrays.stream(codes).filter(c -> c == code).count();
    }
  }

  public static Triangles readObj(Path obj) throws IOException {
    List<String> comments = new ArrayList<>();
    List<double[]> v = new ArrayList<>();
    List<double[]> vn = new ArrayList<>();
    List<Double> positions = new ArrayList<>();
    List<Double> normals = new ArrayList<>();
    List<Integer> codes = new ArrayList<>();
    Map<String, Material> materials = new LinkedHashMap<>();
    int code = -1;
    int lineNumber = 0;
    for (String line : Files.readAllLines(obj, StandardCharsets.UTF_8)) {
      lineNumber++;
      String[] t = line.trim().split("\\s+");
      switch (t[0]) {
        case "#" -> comments.add(line.substring(1).trim());
        case "v" -> v.add(new double[] {num(t[1]), num(t[2]), num(t[3])});
        case "vn" -> vn.add(new double[] {num(t[1]), num(t[2]), num(t[3])});
        case "mtllib" -> materials.putAll(readMtl(obj.resolveSibling(t[1])));
        case "usemtl" -> {
          if (!materials.containsKey(t[1])) throw new IOException(obj + ":" + lineNumber + ": undefined " + t[1]);
          code = Integer.parseInt(t[1].substring("ldraw_".length()));
        }
        case "f" -> {
          if (t.length != 4) throw new IOException(obj + ":" + lineNumber + ": not a triangle: " + line);
          for (int c = 1; c <= 3; c++) {
            String[] refs = t[c].split("//");
            for (double x : v.get(Integer.parseInt(refs[0]) - 1)) positions.add(x);
            for (double x : vn.get(Integer.parseInt(refs[1]) - 1)) normals.add(x);
          }
          codes.add(code);
        }
        case "o", "" -> { }
        default -> throw new IOException(obj + ":" + lineNumber + ": unexpected " + line);
      }
    }
    return new Triangles(comments, doubles(positions), doubles(normals),
        codes.stream().mapToInt(Integer::intValue).toArray(), null, materials);
  }

  private static Map<String, Material> readMtl(Path mtl) throws IOException {
    Map<String, Material> materials = new LinkedHashMap<>();
    String name = null;
    double[] kd = null;
    for (String line : Files.readAllLines(mtl, StandardCharsets.UTF_8)) {
      String[] t = line.trim().split("\\s+");
      switch (t[0]) {
        case "newmtl" -> name = t[1];
        case "Kd" -> kd = new double[] {num(t[1]), num(t[2]), num(t[3])};
        case "d" -> materials.put(name, new Material(kd, num(t[1])));
        default -> { }
      }
    }
    return materials;
  }

  private static double num(String token) {
    if (token.contains("e") || token.contains("E")) throw new NumberFormatException("exponent in " + token);
    return Double.parseDouble(token);
  }

  public static Triangles readPly(Path ply) throws IOException {
    byte[] bytes = Files.readAllBytes(ply);
    String start = new String(bytes, 0, Math.min(bytes.length, 8192), StandardCharsets.US_ASCII);
    int headerEnd = start.indexOf("end_header\n") + "end_header\n".length();
    List<String> lines = start.substring(0, headerEnd).lines().toList();
    List<String> comments = new ArrayList<>();
    List<String> structure = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("comment ")) comments.add(line.substring("comment ".length()));
      else structure.add(line);
    }
    int vertices = Integer.parseInt(structure.get(2).split(" ")[2]);
    int faces = Integer.parseInt(structure.get(13).split(" ")[2]);
    List<String> expected = List.of("ply", "format binary_little_endian 1.0", "element vertex " + vertices,
        "property float x", "property float y", "property float z",
        "property float nx", "property float ny", "property float nz",
        "property uchar red", "property uchar green", "property uchar blue", "property uchar alpha",
        "element face " + faces, "property list uchar int vertex_indices", "property int ldraw_colour", "end_header");
    if (!structure.equals(expected)) throw new IOException(ply + ": unexpected header " + structure);

    ByteBuffer body = ByteBuffer.wrap(bytes, headerEnd, bytes.length - headerEnd).order(ByteOrder.LITTLE_ENDIAN);
    float[][] vertex = new float[vertices][6];
    int[] colour = new int[vertices];
    for (int i = 0; i < vertices; i++) {
      for (int k = 0; k < 6; k++) vertex[i][k] = body.getFloat();
      colour[i] = (body.get() & 0xFF) << 24 | (body.get() & 0xFF) << 16 | (body.get() & 0xFF) << 8 | (body.get() & 0xFF);
    }
    double[] positions = new double[9 * faces];
    double[] normals = new double[9 * faces];
    int[] codes = new int[faces];
    int[] rgba = new int[3 * faces];
    for (int f = 0; f < faces; f++) {
      int n = body.get() & 0xFF;
      if (n != 3) throw new IOException(ply + ": face " + f + " has " + n + " corners");
      for (int c = 0; c < 3; c++) {
        int index = body.getInt();
        for (int k = 0; k < 3; k++) {
          positions[9 * f + 3 * c + k] = vertex[index][k];
          normals[9 * f + 3 * c + k] = vertex[index][3 + k];
        }
        rgba[3 * f + c] = colour[index];
      }
      codes[f] = body.getInt();
    }
    if (body.hasRemaining()) throw new IOException(ply + ": " + body.remaining() + " bytes after the last face");
    return new Triangles(comments, positions, normals, codes, rgba, Map.of());
  }

  /** The STL's 80-byte header, trailing zero bytes removed. */
  public static String stlHeader(Path stl) throws IOException {
    byte[] bytes = Files.readAllBytes(stl);
    int end = 80;
    while (end > 0 && bytes[end - 1] == 0) end--;
    return new String(bytes, 0, end, StandardCharsets.US_ASCII);
  }

  public static Triangles readStl(Path stl) throws IOException {
    ByteBuffer body = ByteBuffer.wrap(Files.readAllBytes(stl)).order(ByteOrder.LITTLE_ENDIAN);
    body.position(80);
    int count = body.getInt();
    if (body.remaining() != 50L * count) throw new IOException(stl + ": " + count + " triangles but " + body.remaining() + " bytes");
    double[] positions = new double[9 * count];
    double[] normals = new double[9 * count];
    for (int t = 0; t < count; t++) {
      double[] facet = {body.getFloat(), body.getFloat(), body.getFloat()};
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 3; k++) {
          positions[9 * t + 3 * c + k] = body.getFloat();
          normals[9 * t + 3 * c + k] = facet[k];
        }
      }
      if (body.getShort() != 0) throw new IOException(stl + ": triangle " + t + " has a non-zero attribute");
    }
    return new Triangles(List.of(), positions, normals, null, null, Map.of());
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
