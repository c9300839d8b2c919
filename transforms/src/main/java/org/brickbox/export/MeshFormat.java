package org.brickbox.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The mesh file formats a part is exported to, and the files each writes. */
public enum MeshFormat {
  /** {@code <part>.obj} with {@code <part>.mtl}: positions, smooth normals, one material per LDraw colour. */
  OBJ,
  /** {@code <part>.ply}: binary, per-vertex normals and RGBA colours, per-face LDraw colour code. */
  PLY,
  /** {@code <part>.stl}: binary, facet normals, no colours. */
  STL;

  /** The files of {@code mesh} in this format, in the order to write them (an OBJ's MTL before the OBJ). */
  public List<MeshFile> files(ExportMesh mesh) {
    String id = mesh.partId();
    return switch (this) {
      case OBJ -> List.of(
          new MeshFile(id + ".mtl", "model/mtl", out -> ObjWriter.writeMtl(mesh, out)),
          new MeshFile(id + ".obj", "model/obj", out -> ObjWriter.writeObj(mesh, id + ".mtl", out)));
      case PLY -> List.of(new MeshFile(id + ".ply", "application/x-ply", out -> PlyWriter.write(mesh, out)));
      case STL -> List.of(new MeshFile(id + ".stl", "model/stl", out -> StlWriter.write(mesh, out)));
    };
  }

  /** {@code obj}, {@code ply,stl}: any case, duplicates once; anything else names the choices. */
  public static List<MeshFormat> parseList(String commaSeparated) {
    List<MeshFormat> formats = new ArrayList<>();
    for (String token : commaSeparated.split(",")) {
      String name = token.trim().toUpperCase(Locale.ROOT);
      MeshFormat format = Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--format takes obj, ply or stl (or a comma-separated list),"
              + " not '" + commaSeparated + "'"));
      if (!formats.contains(format)) formats.add(format);
    }
    return formats;
  }
}
