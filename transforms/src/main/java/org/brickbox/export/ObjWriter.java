package org.brickbox.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Wavefront OBJ and its MTL, as Blender's and MeshLab's importers read them: {@code v} in millimetres, {@code vn}
 * the smooth corner normals, {@code f v//vn} triangles grouped under one {@code usemtl ldraw_<code>} per colour;
 * the MTL gives each material its LDConfig colour as {@code Kd} (sRGB / 255, not linearised) and alpha as
 * {@code d}. Numbers in plain decimals, never exponents.
 */
final class ObjWriter {
  private static final long SCALE = Math.round(Math.pow(10, ExportMesh.DECIMALS));

  private ObjWriter() {}

  static void writeMtl(ExportMesh mesh, OutputStream out) throws IOException {
    Writer w = writer(out);
    comments(w, mesh);
    for (ExportMaterial m : mesh.materials()) {
      w.write("\nnewmtl " + m.name() + "\n# " + m.note() + "\n");
      w.write("Kd " + channel(m.rgb() >> 16) + " " + channel(m.rgb() >> 8) + " " + channel(m.rgb()) + "\n");
      w.write("d " + decimal(m.alpha() / 255.0) + "\n");
    }
    w.flush();
  }

  static void writeObj(ExportMesh mesh, String mtlFileName, OutputStream out) throws IOException {
    Writer w = writer(out);
    comments(w, mesh);
    w.write("mtllib " + mtlFileName + "\no " + mesh.partId() + "\n");
    for (int v = 0; v < mesh.vertexCount(); v++) {
      w.write("v " + decimal(mesh.position(v, 0)) + " " + decimal(mesh.position(v, 1)) + " "
          + decimal(mesh.position(v, 2)) + "\n");
    }
    for (int n = 0; n < mesh.normalCount(); n++) {
      w.write("vn " + decimal(mesh.normal(n, 0)) + " " + decimal(mesh.normal(n, 1)) + " "
          + decimal(mesh.normal(n, 2)) + "\n");
    }
    for (int m = 0; m < mesh.materials().size(); m++) {
      w.write("usemtl " + mesh.materials().get(m).name() + "\n");
      for (int t = 0; t < mesh.triangleCount(); t++) {
        if (mesh.material(t) != m) continue;
        w.write("f");
        for (int c = 0; c < 3; c++) w.write(" " + (mesh.corner(t, c) + 1) + "//" + (mesh.cornerNormal(t, c) + 1));
        w.write("\n");
      }
    }
    w.flush();
  }

  private static Writer writer(OutputStream out) {
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  private static void comments(Writer w, ExportMesh mesh) throws IOException {
    for (String line : mesh.header()) w.write("# " + line + "\n");
  }

  private static String channel(int value) {
    return decimal((value & 0xFF) / 255.0);
  }

  /** {@code value} rounded to {@link ExportMesh#DECIMALS} decimals, trailing zeros dropped: {@code -9.6}, {@code 0.501961}, {@code 16}. */
  static String decimal(double value) {
    long scaled = Math.round(value * SCALE);
    StringBuilder s = new StringBuilder(16);
    if (scaled < 0) s.append('-');
    long magnitude = Math.abs(scaled);
    s.append(magnitude / SCALE);
    long fraction = magnitude % SCALE;
    if (fraction != 0) {
      String digits = Long.toString(SCALE + fraction).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') end--;
      s.append('.').append(digits, 0, end);
    }
    return s.toString();
  }
}
