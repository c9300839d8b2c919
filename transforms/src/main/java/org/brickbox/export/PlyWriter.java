package org.brickbox.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Binary little-endian PLY: per vertex {@code x y z nx ny nz} (float) and {@code red green blue alpha} (uchar, the
 * material's LDConfig colour, main colour 0x80 grey), per face {@code vertex_indices} (uchar count, int indices)
 * and {@code ldraw_colour} (int, 16 for the main colour). A PLY vertex carries one normal and one colour, so a
 * corner shared by faces of different normals or colours is written once per combination.
 */
final class PlyWriter {
  private static final int VERTEX_BYTES = 6 * Float.BYTES + 4;
  private static final int FACE_BYTES = 1 + 4 * Integer.BYTES;

  private PlyWriter() {}

  static void write(ExportMesh mesh, OutputStream out) throws IOException {
    int triangles = mesh.triangleCount();
    long materialCount = mesh.materials().size();
    Map<Long, Integer> ids = new HashMap<>();
    int[] faceVertices = new int[3 * triangles];
    int[] vertexOf = new int[3 * triangles];
    int[] normalOf = new int[3 * triangles];
    int[] materialOf = new int[3 * triangles];
    for (int t = 0; t < triangles; t++) {
      for (int c = 0; c < 3; c++) {
        int vertex = mesh.corner(t, c);
        int normal = mesh.cornerNormal(t, c);
        int material = mesh.material(t);
        long key = ((long) vertex * mesh.normalCount() + normal) * materialCount + material;
        faceVertices[3 * t + c] = ids.computeIfAbsent(key, k -> {
          int id = ids.size();
          vertexOf[id] = vertex;
          normalOf[id] = normal;
          materialOf[id] = material;
          return id;
        });
      }
    }

    BufferedOutputStream body = new BufferedOutputStream(out, 1 << 16);
    body.write(header(mesh, ids.size()).getBytes(StandardCharsets.US_ASCII));
    ByteBuffer record = ByteBuffer.allocate(VERTEX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int id = 0; id < ids.size(); id++) {
      record.clear();
      for (int axis = 0; axis < 3; axis++) record.putFloat((float) mesh.position(vertexOf[id], axis));
      for (int axis = 0; axis < 3; axis++) record.putFloat(mesh.normal(normalOf[id], axis));
      ExportMaterial m = mesh.materials().get(materialOf[id]);
      record.put((byte) (m.rgb() >> 16)).put((byte) (m.rgb() >> 8)).put((byte) m.rgb()).put((byte) m.alpha());
      body.write(record.array(), 0, VERTEX_BYTES);
    }
    for (int t = 0; t < triangles; t++) {
      record.clear();
      record.put((byte) 3);
      for (int c = 0; c < 3; c++) record.putInt(faceVertices[3 * t + c]);
      record.putInt(mesh.materials().get(mesh.material(t)).code());
      body.write(record.array(), 0, FACE_BYTES);
    }
    body.flush();
  }

  private static String header(ExportMesh mesh, int vertices) {
    StringBuilder h = new StringBuilder("ply\nformat binary_little_endian 1.0\n");
    for (String line : mesh.header()) h.append("comment ").append(ascii(line)).append('\n');
    h.append("element vertex ").append(vertices).append('\n');
    for (String p : new String[] {"x", "y", "z", "nx", "ny", "nz"}) h.append("property float ").append(p).append('\n');
    for (String p : new String[] {"red", "green", "blue", "alpha"}) h.append("property uchar ").append(p).append('\n');
    h.append("element face ").append(mesh.triangleCount()).append('\n');
    h.append("property list uchar int vertex_indices\n");
    h.append("property int ldraw_colour\n");
    return h.append("end_header\n").toString();
  }

  /** The PLY header is ASCII: other characters of a part's description become '?'. */
  private static String ascii(String text) {
    return text.replaceAll("[^\\x20-\\x7E]", "?");
  }
}
