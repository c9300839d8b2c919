package org.brickbox.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.brickbox.export.MeshReaders;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.Mesh;
import org.brickbox.io.ldraw.TestLibrary;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.render.PreparedMesh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./brickbox export} on real LDraw parts, every format read back by readers of its own ({@link MeshReaders}),
 * and on a test library's broken parts next to a good one.
 */
class ExportCommandTest {
  private static final String ID = "0 0 0 1 0 0 0 1 0 0 0 1";
  private static final int YELLOW = 14;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir Path dir;

  private int cli(String... args) {
    return new BrickBoxCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Brick 2 x 4 in millimetres: 32 x 16 footprint, body 9.6 below the origin, LDraw's 4-LDU studs 1.6 above. */
  private static final double[] BRICK_2X4_BOUNDS = {-16, -8, -9.6, 16, 8, 1.6};

  @Test
  void brick2x4AndItsYellowPatternedTwinReadBackInEveryFormat() throws IOException {
    Path lib = PipelineRuns.installedLibrary();
    LDrawLibrary library = LDrawLibrary.open(lib);

    assertEquals(BrickBoxCli.OK, cli("export", "--ldrawDir=" + lib, "--parts=3001,3001p11.dat", "--out=" + dir,
        "--format=obj,ply,stl"), printed() + err);

    for (String part : List.of("3001", "3001p11")) {
      Mesh flattened = library.load(part).mesh();
      long yellow = java.util.stream.IntStream.range(0, flattened.triangleCount())
          .filter(t -> flattened.triangleColour(t) == YELLOW).count();
      MeshReaders.Triangles obj = MeshReaders.readObj(dir.resolve(part + ".obj"));
      MeshReaders.Triangles ply = MeshReaders.readPly(dir.resolve(part + ".ply"));
      MeshReaders.Triangles stl = MeshReaders.readStl(dir.resolve(part + ".stl"));
      for (MeshReaders.Triangles read : List.of(obj, ply, stl)) {
        assertEquals(flattened.triangleCount(), read.count(), part);
        assertArrayEquals(BRICK_2X4_BOUNDS, read.bounds(), 1e-5, part);
        assertTrue(read.worstNormalLengthError() < 1e-5, part);
        // The closed shell of a 2 x 4 brick, hollow underneath: about 2543 mm³, positive when wound outwards.
        assertEquals(2542.92, read.signedVolume(), 0.05, part);
      }
      String title = "brickbox export " + part + " " + library.load(part).header().description() + " units=mm up=+Z";
      assertEquals(title, obj.comments().get(0));
      assertEquals(title, ply.comments().get(0));
      assertEquals("brickbox export " + part + " units=mm up=+Z", MeshReaders.stlHeader(dir.resolve(part + ".stl")));

      assertEquals(yellow, obj.countOf(YELLOW), part);
      assertEquals(yellow, ply.countOf(YELLOW), part);
      assertEquals(flattened.triangleCount() - yellow, obj.countOf(Mesh.MAIN_COLOUR), part);
      assertEquals(flattened.triangleCount() - yellow, ply.countOf(Mesh.MAIN_COLOUR), part);
      int yellowRgb = library.colours().resolve(YELLOW).rgb();
      for (int t = 0; t < ply.count(); t++) {
        int rgba = ply.codes()[t] == YELLOW ? yellowRgb << 8 | 0xFF : 0x808080FF;
        for (int c = 0; c < 3; c++) assertEquals(rgba, ply.rgba()[3 * t + c], part + " triangle " + t);
      }
      assertArrayEquals(new double[] {128 / 255.0, 128 / 255.0, 128 / 255.0}, obj.materials().get("ldraw_16").kd(),
          1e-6);
      if (yellow > 0) {
        assertArrayEquals(new double[] {(yellowRgb >> 16) / 255.0, (yellowRgb >> 8 & 0xFF) / 255.0,
            (yellowRgb & 0xFF) / 255.0}, obj.materials().get("ldraw_14").kd(), 1e-6);
        assertEquals(1, obj.materials().get("ldraw_14").d());
      }
    }
    assertEquals(0, MeshReaders.readObj(dir.resolve("3001.obj")).countOf(YELLOW));
    assertTrue(MeshReaders.readObj(dir.resolve("3001p11.obj")).countOf(YELLOW) > 0);
    assertEquals("", Files.readString(dir.resolve("failures.jsonl")));
  }

  @Test
  void theObjCarriesTheRenderersNormalsAndPositionsRotatedIntoZUpMillimetres() throws IOException {
    Path lib = PipelineRuns.installedLibrary();
    Mesh flattened = LDrawLibrary.open(lib).load("3001").mesh();
    float[] normals = PreparedMesh.of(flattened).normals();
    float[] v = flattened.triangles();

    assertEquals(BrickBoxCli.OK, cli("export", "--ldrawDir=" + lib, "--parts=3001", "--out=" + dir));

    MeshReaders.Triangles obj = MeshReaders.readObj(dir.resolve("3001.obj"));
    // One colour, so the OBJ keeps the flattened order.
    for (int i = 0; i < v.length; i += 3) {
      assertArrayEquals(new double[] {0.4 * v[i], 0.4 * v[i + 2], -0.4 * v[i + 1]},
          new double[] {obj.positions()[i], obj.positions()[i + 1], obj.positions()[i + 2]}, 1e-5, "corner " + i / 3);
      assertArrayEquals(new double[] {normals[i], normals[i + 2], -normals[i + 1]},
          new double[] {obj.normals()[i], obj.normals()[i + 1], obj.normals()[i + 2]}, 1e-5, "corner " + i / 3);
    }
    assertFalse(Files.exists(dir.resolve("3001.ply")), "obj is the default format");
  }

  @Test
  void brokenAndUnknownPartsAreReportedWhileTheGoodOneIsExported() throws IOException {
    Path lib = dir.resolve("lib");
    new TestLibrary(lib)
        .cube("parts/cube.dat", false, false)
        .file("parts/bad.dat", "0 Bad", "0 BFC CERTIFY CCW", "4 16 1 1 1 -1 1 1 -1 -1", "3 16 0 0 0 1 0 0 0 1 0")
        .file("parts/holey.dat", "0 Holey", "0 BFC CERTIFY CCW", "1 16 " + ID + " s\\gone.dat");
    Path ids = Files.writeString(dir.resolve("ids.txt"), "holey   # references a missing sub-file\nnosuch\n");
    Path outDir = dir.resolve("meshes");

    assertEquals(BrickBoxCli.OK, cli("export", "--ldrawDir=" + lib, "--parts=bad,cube", "--partsFile=" + ids,
        "--out=" + outDir, "--format=obj,ply,stl"), printed() + err);

    String printed = printed();
    assertTrue(printed.contains("bad          FAILED: parts/bad.dat:3: malformed line skipped: expected 14 tokens, "
        + "found 10; the mesh would have holes, so part bad is not exported"), printed);
    assertTrue(printed.contains("holey        FAILED: parts/holey.dat:3: sub-file 's\\gone.dat' not found"), printed);
    assertTrue(printed.contains("nosuch       FAILED: part 'nosuch' is not in the LDraw library's parts/ folder "
        + "(parts/nosuch.dat)"), printed);
    assertTrue(printed.contains("exported 1 of 4 part(s) as obj,ply,stl"), printed);

    List<FailureRecord> failures = JsonLines.read(outDir.resolve("failures.jsonl"), FailureRecord.class);
    assertEquals(List.of("bad", "holey", "nosuch"), failures.stream().map(FailureRecord::key).toList());
    assertEquals(List.of("parts/bad.dat:3", "parts/holey.dat:3", "parts/nosuch.dat"),
        failures.stream().map(FailureRecord::location).toList());
    assertTrue(failures.stream().allMatch(f -> f.stage().equals("export")));
    assertEquals(List.of("ExportException", "LDrawException", "UnknownPart"),
        failures.stream().map(FailureRecord::errorType).toList());

    try (Stream<Path> files = Files.list(outDir)) {
      assertEquals(List.of("cube.mtl", "cube.obj", "cube.ply", "cube.stl", "failures.jsonl"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporaries, nothing of a failed part");
    }
    MeshReaders.Triangles cube = MeshReaders.readStl(outDir.resolve("cube.stl"));
    assertEquals(12, cube.count());
    assertEquals(0.8 * 0.8 * 0.8, cube.signedVolume(), 1e-6, "the 2-LDU cube is 0.8 mm a side");
  }

  @Test
  void whenNoPartCanBeExportedTheCommandFails() throws IOException {
    Path lib = dir.resolve("lib");
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    Path outDir = dir.resolve("meshes");

    assertEquals(BrickBoxCli.RUN_FAILED, cli("export", "--ldrawDir=" + lib, "--parts=nosuch", "--out=" + outDir));

    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("brickbox export: no part could be exported"), err.toString());
    assertEquals(1, JsonLines.read(outDir.resolve("failures.jsonl"), FailureRecord.class).size());
  }

  @Test
  void usageErrorsAndAMissingLibraryHaveTheirExitCodes() throws IOException {
    Path lib = dir.resolve("lib");
    new TestLibrary(lib).cube("parts/cube.dat", false, false);

    assertEquals(BrickBoxCli.USAGE, cli("export", "--ldrawDir=" + lib, "--parts=cube", "--out=" + dir, "--format=fbx"));
    assertEquals(BrickBoxCli.USAGE, cli("export", "--ldrawDir=" + lib, "--out=" + dir));
    assertEquals(BrickBoxCli.USAGE, cli("export", "--ldrawDir=" + lib, "--parts=cube"));
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("manifest.json"), "{}");
    assertEquals(BrickBoxCli.USAGE, cli("export", "--ldrawDir=" + lib, "--parts=cube", "--out=" + run));
    assertEquals(BrickBoxCli.NO_LIBRARY, cli("export", "--ldrawDir=" + dir.resolve("nowhere"), "--parts=cube",
        "--out=" + dir.resolve("meshes")));
    String errors = err.toString(StandardCharsets.UTF_8);
    assertTrue(errors.contains("--format takes obj, ply or stl"), errors);
    assertTrue(errors.contains("--parts or --partsFile is required"), errors);
    assertTrue(errors.contains("--out is required"), errors);
    assertTrue(errors.contains("holds a run's outputs"), errors);
    assertTrue(errors.contains("./brickbox setup"), errors);
  }
}
