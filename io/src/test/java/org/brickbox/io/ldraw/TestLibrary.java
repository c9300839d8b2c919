package org.brickbox.io.ldraw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A tiny LDraw library written into a test's temporary directory. */
public final class TestLibrary {
  public static final String LDCONFIG = String.join("\r\n",
      "0 LDraw.org Configuration File",
      "0 !LDRAW_ORG Configuration UPDATE 2021-09-01",
      "0 !LDRAW_ORG Configuration UPDATE 2022-03-31",
      "0 !COLOUR Black CODE 0 VALUE #1B2A34 EDGE #808080",
      "0 !COLOUR Red CODE 4 VALUE #B40000 EDGE #333333",
      "0 !COLOUR Main_Colour CODE 16 VALUE #FFFF80 EDGE #333333",
      "0 !COLOUR Edge_Colour CODE 24 VALUE #7F7F7F EDGE #333333",
      "");

  /** The six faces of the cube [-1,1]³, each wound CCW seen from outside. */
  public static final String[] CUBE_FACES = {
    "1 -1 -1 1 1 -1 1 1 1 1 -1 1",
    "-1 -1 -1 -1 -1 1 -1 1 1 -1 1 -1",
    "-1 1 -1 -1 1 1 1 1 1 1 1 -1",
    "-1 -1 -1 1 -1 -1 1 -1 1 -1 -1 1",
    "-1 -1 1 1 -1 1 1 1 1 -1 1 1",
    "-1 -1 -1 -1 1 -1 1 1 -1 1 -1 -1",
  };

  public final Path root;

  public TestLibrary(Path root) {
    this.root = root;
    for (String dir : new String[] {"parts/s", "p/48", "p/8", "models"}) {
      try {
        Files.createDirectories(root.resolve(dir));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    raw("LDConfig.ldr", LDCONFIG);
  }

  /** Writes a file with CRLF line ends (and a final one), as the library ships them. */
  public TestLibrary file(String relativePath, String... lines) {
    return raw(relativePath, String.join("\r\n", lines) + "\r\n");
  }

  public TestLibrary raw(String relativePath, String content) {
    try {
      Path path = root.resolve(relativePath);
      Files.createDirectories(path.getParent());
      Files.writeString(path, content, StandardCharsets.ISO_8859_1);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A certified cube file: faces as quads, reversed when {@code cw}, flipped inside-out when {@code insideOut}. */
  public TestLibrary cube(String relativePath, boolean cw, boolean insideOut) {
    String[] lines = new String[CUBE_FACES.length + 2];
    lines[0] = "0 Cube";
    lines[1] = "0 BFC CERTIFY " + (cw ? "CW" : "CCW");
    for (int i = 0; i < CUBE_FACES.length; i++) {
      lines[i + 2] = "4 16 " + (cw != insideOut ? reversed(CUBE_FACES[i]) : CUBE_FACES[i]);
    }
    return file(relativePath, lines);
  }

  public static String reversed(String quad) {
    String[] n = quad.split(" ");
    StringBuilder out = new StringBuilder();
    for (int v = 3; v >= 0; v--) out.append(v < 3 ? " " : "").append(n[3 * v]).append(' ').append(n[3 * v + 1]).append(' ').append(n[3 * v + 2]);
    return out.toString();
  }

  public LDrawLibrary open() {
    return LDrawLibrary.open(root);
  }

  public LDrawLibrary open(LDrawLimits limits) {
    return LDrawLibrary.open(root, limits);
  }

  /** Σ v0·(v1×v2)/6: positive for a closed mesh whose faces are CCW seen from outside. */
  public static double signedVolume(Mesh mesh) {
    float[] t = mesh.triangles();
    double volume = 0;
    for (int o = 0; o < t.length; o += 9) {
      volume += (t[o] * ((double) t[o + 4] * t[o + 8] - (double) t[o + 5] * t[o + 7])
          - t[o + 1] * ((double) t[o + 3] * t[o + 8] - (double) t[o + 5] * t[o + 6])
          + t[o + 2] * ((double) t[o + 3] * t[o + 7] - (double) t[o + 4] * t[o + 6])) / 6;
    }
    return volume;
  }
}
