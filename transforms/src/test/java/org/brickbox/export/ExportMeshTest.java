package org.brickbox.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.brickbox.io.ldraw.ColourTable;
import org.brickbox.io.ldraw.LDrawProblem;
import org.brickbox.io.ldraw.Mesh;
import org.brickbox.io.ldraw.MeshBuilder;
import org.brickbox.io.ldraw.PartGeometry;
import org.brickbox.io.ldraw.PartHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The export core on hand-built meshes whose exact output is known; the real parts are in ExportCommandTest. */
class ExportMeshTest {
  private static final int RED = 4;
  private static final int TRANS_CLEAR = 47;
  private static final int DIRECT_ORANGE = 0x2FF8000;
  private static final double MAIN_GREY = 128 / 255.0;

  @TempDir Path dir;
  private ColourTable colours;

  @BeforeEach
  void ldconfig() throws IOException {
    colours = ColourTable.load(Files.writeString(dir.resolve("LDConfig.ldr"), String.join("\n",
        "0 !COLOUR Red CODE 4 VALUE #B40000 EDGE #333333",
        "0 !COLOUR Main_Colour CODE 16 VALUE #FFFF80 EDGE #333333",
        "0 !COLOUR Edge_Colour CODE 24 VALUE #7F7F7F EDGE #333333",
        "0 !COLOUR Trans_Clear CODE 47 VALUE #FCFCFC EDGE #C3C3C3 ALPHA 128", "")));
  }

  /**
   * The box x 0..10, y -20..0, z 0..5 in LDraw units (LDraw's up is -Y, so its top is y = -20), each face wound
   * counter-clockwise seen from outside; the top in red, the rest in the main colour.
   */
  private static MeshBuilder box() {
    float[][] corner = new float[8][];
    for (int i = 0; i < 8; i++) corner[i] = new float[] {(i & 1) * 10, -((i >> 1) & 1) * 20, ((i >> 2) & 1) * 5};
    int[][] quads = {{0, 2, 6, 4}, {1, 5, 7, 3}, {0, 4, 5, 1}, {2, 3, 7, 6}, {0, 1, 3, 2}, {4, 6, 7, 5}};
    MeshBuilder b = new MeshBuilder();
    for (int[] q : quads) {
      boolean top = corner[q[0]][1] == -20 && corner[q[1]][1] == -20 && corner[q[2]][1] == -20;
      for (int[] tri : new int[][] {{q[0], q[1], q[2]}, {q[0], q[2], q[3]}}) {
        float[] nine = new float[9];
        for (int c = 0; c < 3; c++) System.arraycopy(corner[tri[c]], 0, nine, 3 * c, 3);
        if (!outward(nine)) {
          float[] swap = nine.clone();
          System.arraycopy(swap, 6, nine, 3, 3);
          System.arraycopy(swap, 3, nine, 6, 3);
        }
        b.triangle(top ? RED : Mesh.MAIN_COLOUR, false, nine);
      }
    }
    return b;
  }

  /** Whether the right-hand normal points away from the box centre (5, -10, 2.5). */
  private static boolean outward(float[] t) {
    double ax = t[3] - t[0], ay = t[4] - t[1], az = t[5] - t[2];
    double bx = t[6] - t[0], by = t[7] - t[1], bz = t[8] - t[2];
    double nx = ay * bz - az * by, ny = az * bx - ax * bz, nz = ax * by - ay * bx;
    double cx = (t[0] + t[3] + t[6]) / 3 - 5, cy = (t[1] + t[4] + t[7]) / 3 + 10, cz = (t[2] + t[5] + t[8]) / 3 - 2.5;
    return nx * cx + ny * cy + nz * cz > 0;
  }

  private static PartGeometry part(String id, Mesh mesh, List<LDrawProblem> warnings) {
    PartHeader header = new PartHeader(id, id + ".dat", "Test Part", "Test", List.of(), "Part", List.of(), "",
        Optional.empty());
    return new PartGeometry(id, header, mesh, warnings, "cafe");
  }

  private void write(ExportMesh mesh, MeshFormat format) throws IOException {
    for (MeshFile file : format.files(mesh)) {
      try (OutputStream out = Files.newOutputStream(dir.resolve(file.name()))) {
        file.content().writeTo(out);
      }
    }
  }

  private MeshReaders.Triangles read(String id, MeshFormat format) throws IOException {
    return switch (format) {
      case OBJ -> MeshReaders.readObj(dir.resolve(id + ".obj"));
      case PLY -> MeshReaders.readPly(dir.resolve(id + ".ply"));
      case STL -> MeshReaders.readStl(dir.resolve(id + ".stl"));
    };
  }

  @ParameterizedTest
  @EnumSource(MeshFormat.class)
  void theBoxBecomesZUpMillimetresByARotationNotAMirror(MeshFormat format) throws IOException {
    write(ExportMesh.of(part("box", box().build(), List.of()), colours), format);

    MeshReaders.Triangles box = read("box", format);

    assertEquals(12, box.count());
    // x = 0.4 x, y = 0.4 z, z = -0.4 y: the LDraw top (y = -20) is z = 8 mm.
    assertArrayEquals(new double[] {0, 0, 0, 4, 2, 8}, box.bounds(), 1e-6);
    assertEquals(4 * 2 * 8, box.signedVolume(), 1e-6, "counter-clockwise from outside, so positive");
    assertTrue(box.worstNormalLengthError() < 1e-5);
    for (int t = 0; t < box.count(); t++) {
      boolean top = box.positions()[9 * t + 2] == 8 && box.positions()[9 * t + 5] == 8 && box.positions()[9 * t + 8] == 8;
      for (int c = 0; c < 3 && top; c++) {
        assertArrayEquals(new double[] {0, 0, 1}, java.util.Arrays.copyOfRange(box.normals(), 9 * t + 3 * c, 9 * t + 3 * c + 3),
            1e-6, "the top faces up");
      }
      if (format != MeshFormat.STL) assertEquals(top ? RED : Mesh.MAIN_COLOUR, box.codes()[t]);
    }
  }

  @Test
  void theObjSharesCornersAndGroupsFacesByColour() throws IOException {
    ExportMesh mesh = ExportMesh.of(part("box", box().build(), List.of()), colours);
    write(mesh, MeshFormat.OBJ);

    String obj = Files.readString(dir.resolve("box.obj"));
    assertTrue(obj.startsWith("# brickbox export box Test Part units=mm up=+Z\n"), obj);
    assertTrue(obj.contains("\nmtllib box.mtl\n"), obj);
    assertEquals(8, mesh.vertexCount());
    assertEquals(6, mesh.normalCount(), "a box's corners are sharp: one normal per face");
    assertEquals(List.of("usemtl ldraw_16", "usemtl ldraw_4"), obj.lines().filter(l -> l.startsWith("usemtl")).toList());
  }

  @Test
  void coloursAreMainGreyOrLdconfigWithAlpha() throws IOException {
    float[] triangle = {0, 0, 0, 0, 0, 10, 10, 0, 0};
    Mesh mesh = new MeshBuilder()
        .triangle(Mesh.MAIN_COLOUR, false, triangle)
        .triangle(TRANS_CLEAR, false, shifted(triangle, 20))
        .triangle(9999, false, shifted(triangle, 40))
        .triangle(DIRECT_ORANGE, false, shifted(triangle, 60))
        .build();
    ExportMesh exported = ExportMesh.of(part("mix", mesh, List.of()), colours);
    write(exported, MeshFormat.OBJ);
    write(exported, MeshFormat.PLY);

    var materials = MeshReaders.readObj(dir.resolve("mix.obj")).materials();
    assertArrayEquals(new double[] {MAIN_GREY, MAIN_GREY, MAIN_GREY}, materials.get("ldraw_16").kd(), 1e-6);
    assertEquals(1, materials.get("ldraw_16").d());
    assertArrayEquals(new double[] {252 / 255.0, 252 / 255.0, 252 / 255.0}, materials.get("ldraw_47").kd(), 1e-6);
    assertEquals(128 / 255.0, materials.get("ldraw_47").d(), 1e-6);
    assertArrayEquals(new double[] {MAIN_GREY, MAIN_GREY, MAIN_GREY}, materials.get("ldraw_9999").kd(), 1e-6,
        "a code LDConfig lacks is grey");
    assertArrayEquals(new double[] {1, MAIN_GREY, 0}, materials.get("ldraw_" + DIRECT_ORANGE).kd(), 1e-6);

    MeshReaders.Triangles ply = MeshReaders.readPly(dir.resolve("mix.ply"));
    assertArrayEquals(new int[] {Mesh.MAIN_COLOUR, TRANS_CLEAR, 9999, DIRECT_ORANGE}, ply.codes());
    assertEquals(0x808080FF, ply.rgba()[0]);
    assertEquals(0xFCFCFC80, ply.rgba()[3]);
    assertEquals(0x808080FF, ply.rgba()[6]);
    assertEquals(0xFF8000FF, ply.rgba()[9]);
  }

  private static float[] shifted(float[] nine, float dx) {
    float[] out = nine.clone();
    for (int i = 0; i < 9; i += 3) out[i] += dx;
    return out;
  }

  @Test
  void trianglesOfZeroAreaAreLeftOutAndCounted() throws IOException {
    Mesh mesh = box().triangle(Mesh.MAIN_COLOUR, false, 0, 0, 0, 5, 0, 0, 10, 0, 0).build();
    ExportMesh exported = ExportMesh.of(part("box", mesh, List.of()), colours);
    write(exported, MeshFormat.STL);
    write(exported, MeshFormat.OBJ);

    assertEquals(1, exported.droppedTriangles());
    assertEquals(12, MeshReaders.readStl(dir.resolve("box.stl")).count());
    assertTrue(MeshReaders.readObj(dir.resolve("box.obj")).comments().stream()
        .anyMatch(c -> c.contains("1 of zero area left out")));
  }

  @Test
  void skippedMalformedLinesStopTheExportNamingTheFirst() {
    List<LDrawProblem> problems = List.of(
        new LDrawProblem("parts/s/x.dat", 7, "malformed line skipped: expected 14 tokens, found 9"),
        new LDrawProblem("parts/x.dat", 3, "malformed line skipped: unknown line type"));

    ExportException e = assertThrows(ExportException.class,
        () -> ExportMesh.of(part("x", box().build(), problems), colours));

    assertEquals("parts/s/x.dat:7", e.location());
    assertTrue(e.getMessage().startsWith("parts/s/x.dat:7: malformed line skipped: expected 14 tokens, found 9 "
        + "(and 1 more problem)"), e.getMessage());
  }

  @Test
  void aPartWithoutTrianglesIsAnError() {
    MeshBuilder b = new MeshBuilder();
    b.addEdge(new float[] {0, 0, 0, 1, 1, 1}, 0, Mesh.EDGE_COLOUR);

    ExportException e = assertThrows(ExportException.class,
        () -> ExportMesh.of(part("lines", b.build(), List.of()), colours));

    assertEquals("parts/lines.dat", e.location());
    assertTrue(e.getMessage().contains("no triangles"), e.getMessage());
  }

  @Test
  void theStlHeaderNamesThePartAndIsNotAsciiStl() throws IOException {
    write(ExportMesh.of(part("box", box().build(), List.of()), colours), MeshFormat.STL);

    assertEquals("brickbox export box units=mm up=+Z", MeshReaders.stlHeader(dir.resolve("box.stl")));
  }

  @Test
  void decimalsArePlainAndShort() {
    assertEquals("-9.6", ObjWriter.decimal(-24 * 0.4));
    assertEquals("16", ObjWriter.decimal(16.0000000001));
    assertEquals("0.501961", ObjWriter.decimal(128 / 255.0));
    assertEquals("0", ObjWriter.decimal(-1e-9));
    assertEquals("0.000001", ObjWriter.decimal(1e-6));
    assertEquals("123456.000005", ObjWriter.decimal(123456.000005));
  }

  @Test
  void formatsParseAnyCaseAndNameTheChoices() {
    assertEquals(List.of(MeshFormat.OBJ, MeshFormat.STL), MeshFormat.parseList("obj, STL,obj"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeshFormat.parseList("fbx"));
    assertTrue(e.getMessage().contains("obj, ply or stl"), e.getMessage());
  }
}
