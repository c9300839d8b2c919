package org.brickbox.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.PipelineRuns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported files as their main reader sees them: Blender (3.4, the version the photo-proxy script targets)
 * imports each format headless and reports what it built. Skipped where no {@code blender} is on the PATH.
 */
class ExportBlenderTest {
  private static final String SCRIPT = """
      import bpy, json, sys
      base, report = sys.argv[sys.argv.index("--") + 1:]
      result = {}
      for kind in ("obj", "ply", "stl"):
          bpy.ops.object.select_all(action="SELECT")
          bpy.ops.object.delete()
          path = base + "." + kind
          if kind == "obj":
              bpy.ops.wm.obj_import(filepath=path, forward_axis="Y", up_axis="Z")
          elif kind == "ply":
              bpy.ops.import_mesh.ply(filepath=path)
          else:
              bpy.ops.import_mesh.stl(filepath=path)
          ob = bpy.context.selected_objects[0]
          me = ob.data
          co = [ob.matrix_world @ v.co for v in me.vertices]
          volume = sum(co[p.vertices[0]].dot(co[p.vertices[1]].cross(co[p.vertices[2]])) for p in me.polygons) / 6
          result[kind] = {
              "polygons": len(me.polygons),
              "min": [min(c[i] for c in co) for i in range(3)],
              "max": [max(c[i] for c in co) for i in range(3)],
              "volume": volume,
              "materials": {m.name: list(m.diffuse_color) for m in me.materials},
              "customNormals": me.has_custom_normals,
              "colourAttributes": list(me.color_attributes.keys()),
          }
      with open(report, "w") as f:
          json.dump(result, f)
      """;

  @TempDir Path dir;

  private static Path blender() {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(p -> Path.of(p, "blender")).filter(Files::isExecutable).findFirst()
        .orElseGet(() -> Assumptions.abort("blender is not on the PATH"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void blenderImportsEveryFormatZUpInMillimetresWithColours() throws Exception {
    Path blender = blender();
    Path lib = PipelineRuns.installedLibrary();
    LDrawLibrary library = LDrawLibrary.open(lib);
    int triangles = library.load("3001p11").mesh().triangleCount();
    int yellow = library.colours().resolve(14).rgb();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, new BrickBoxCli(stream, stream).execute(new String[] {"export", "--ldrawDir=" + lib,
        "--parts=3001p11", "--out=" + dir, "--format=obj,ply,stl"}), printed.toString(StandardCharsets.UTF_8));

    Map<String, Object> report = runBlender(blender, dir.resolve("3001p11"));

    for (String kind : List.of("obj", "ply", "stl")) {
      Map<String, Object> r = (Map<String, Object>) report.get(kind);
      assertEquals(triangles, ((Number) r.get("polygons")).intValue(), kind);
      assertNear(List.of(-16.0, -8.0, -9.6), (List<Number>) r.get("min"), kind);
      assertNear(List.of(16.0, 8.0, 1.6), (List<Number>) r.get("max"), kind + ": the studs on top, at +Z");
      assertEquals(2542.92, ((Number) r.get("volume")).doubleValue(), 0.05, kind + ": faces wound outwards");
    }
    Map<String, Object> obj = (Map<String, Object>) report.get("obj");
    assertEquals(true, obj.get("customNormals"), "the OBJ's smooth normals are kept");
    Map<String, List<Number>> materials = (Map<String, List<Number>>) obj.get("materials");
    assertEquals(List.of("ldraw_16", "ldraw_14"), List.copyOf(materials.keySet()));
    assertNear(List.of(128 / 255.0, 128 / 255.0, 128 / 255.0, 1.0), materials.get("ldraw_16"), "main grey");
    assertNear(List.of((yellow >> 16) / 255.0, (yellow >> 8 & 0xFF) / 255.0, (yellow & 0xFF) / 255.0, 1.0),
        materials.get("ldraw_14"), "LDConfig's yellow, as written");
    assertTrue(!((List<?>) ((Map<String, Object>) report.get("ply")).get("colourAttributes")).isEmpty(),
        "the PLY's vertex colours are imported");
  }

  private Map<String, Object> runBlender(Path blender, Path base) throws IOException, InterruptedException {
    Path script = Files.writeString(dir.resolve("import_check.py"), SCRIPT);
    Path report = dir.resolve("report.json");
    Path log = dir.resolve("blender.log");
    Process process = new ProcessBuilder(blender.toString(), "-b", "--factory-startup", "--python-exit-code", "1",
        "--python", script.toString(), "--", base.toString(), report.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("blender did not finish in 180 s: " + Files.readString(log));
    }
    assertEquals(0, process.exitValue(), () -> "blender failed: " + readQuietly(log));
    return Json.objectMap(Files.readString(report));
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void assertNear(List<Double> expected, List<Number> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), actual.get(i).doubleValue(), 1e-4, what + " [" + i + "]");
    }
  }
}
