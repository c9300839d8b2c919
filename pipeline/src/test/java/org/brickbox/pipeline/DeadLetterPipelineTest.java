package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.brickbox.io.ldraw.TestLibrary;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.JsonLines;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad parts in a library the test writes: each gives one located dead letter, a malformed line only a warning,
 * and the good parts are still rendered.
 */
class DeadLetterPipelineTest {

  @Test
  void badPartsBecomeOneLocatedDeadLetterEachAndTheRunCompletes(@TempDir Path lib, @TempDir Path out) throws Exception {
    TestLibrary library = new TestLibrary(lib);
    library.cube("parts/s/cubes.dat", false, false);
    library.file("parts/good.dat", "0 Good cube", "0 Name: good.dat", "0 BFC CERTIFY CCW",
        "1 16 0 0 0 10 0 0 0 10 0 0 0 10 s\\cubes.dat");
    library.file("parts/missing.dat", "0 Missing sub-file", "0 BFC CERTIFY CCW",
        "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\cubes.dat", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 nosuch.dat");
    library.file("parts/cycle.dat", "0 Cycle", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\loop.dat");
    library.file("parts/s/loop.dat", "0 Loop", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 cycle.dat");
    library.file("parts/escape.dat", "0 Escape", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 ..\\..\\..\\etc\\passwd");
    library.file("parts/malformed.dat", "0 Malformed line", "0 BFC CERTIFY CCW",
        "1 16 0 0 0 10 0 0 0 10 0 0 0 10 s\\cubes.dat", "3 16 0 0 0 1 1 1 //");
    library.file("parts/empty.dat", "0 Nothing to draw", "0 Name: empty.dat");

    Manifest manifest = PipelineRuns.run("--ldrawDir=" + lib, "--out=" + out,
        "--parts=good,missing,cycle,escape,malformed,empty", "--views=2", "--imageSize=64", "--colour=4", "--viewsPerTask=1");

    List<RenderRecord> records = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    assertEquals(List.of("good", "good", "malformed", "malformed"),
        records.stream().map(RenderRecord::partId).sorted().toList());
    assertTrue(Files.isRegularFile(out.resolve("images/good/c4/v01.png")));
    assertEquals(List.of("parts/malformed.dat:4: malformed line skipped: expected 11 tokens, found 9"),
        records.stream().filter(r -> r.partId().equals("malformed")).findFirst().orElseThrow().warnings());

    Map<String, FailureRecord> failures = JsonLines.read(out.resolve("failures.jsonl"), FailureRecord.class)
        .stream().collect(Collectors.toMap(FailureRecord::key, f -> f));
    assertEquals(List.of("cycle", "empty", "escape", "missing"), failures.keySet().stream().sorted().toList());
    assertEquals("parts/missing.dat:4", failures.get("missing").location());
    assertTrue(failures.get("missing").message().contains("nosuch.dat"), failures.get("missing").message());
    assertTrue(failures.get("cycle").message().toLowerCase().contains("cycle"), failures.get("cycle").message());
    assertEquals("parts/escape.dat:2", failures.get("escape").location());
    assertTrue(failures.get("empty").message().contains("no triangles"));

    List<OperationLogRecord> logs = JsonLines.read(out.resolve("operation_logs.jsonl"), OperationLogRecord.class);
    assertEquals(OperationLogRecord.Status.WARNING, logs.stream()
        .filter(l -> l.key().equals("malformed") && l.operation().equals("load_part")).findFirst().orElseThrow()
        .status());
    assertEquals(4L, manifest.counts().get("render.load_part.failed"), "one per part, not one per task");
    assertEquals(4L, manifest.counts().get("render.render_views.skipped"), "the failed parts' second tasks");
    assertEquals(4L, manifest.counts().get("render.render_view.ok"));
    assertEquals("completed", manifest.stages().get(0).status());
  }

  @Test
  void partsOverEachLDrawLimitAreDeadLettersNamingTheLimitAndTheRunCompletes(@TempDir Path lib, @TempDir Path out)
      throws Exception {
    TestLibrary library = withGoodCube(lib);
    library.file("parts/deep.dat", "0 Deep", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\d1.dat");
    library.file("parts/s/d1.dat", "0 D1", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\d2.dat");
    library.file("parts/s/d2.dat", "0 D2", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\d3.dat");
    library.file("parts/s/d3.dat", "0 D3", "1 16 0 0 0 1 0 0 0 1 0 0 0 1 s\\cubes.dat");
    String[] wide = new String[6];
    wide[0] = "0 Wide";
    for (int k = 1; k <= 5; k++) {
      wide[k] = "1 16 0 0 " + (k * 30) + " 1 0 0 0 1 0 0 0 1 s\\w" + k + ".dat";
      library.file("parts/s/w" + k + ".dat", "0 W", "1 16 0 0 0 10 0 0 0 10 0 0 0 10 s\\cubes.dat");
    }
    library.file("parts/wide.dat", wide);
    String[] big = new String[3000];
    big[0] = "0 Big";
    for (int k = 1; k < big.length; k++) big[k] = "3 16 0 0 0 10 0 0 0 10 " + k + " // padding to make the file large";
    library.file("parts/big.dat", big);
    String[] many = new String[40];
    many[0] = "0 Many cubes";
    for (int k = 1; k < many.length; k++) many[k] = "1 16 0 0 " + (k * 30) + " 10 0 0 0 10 0 0 0 10 s\\cubes.dat";
    library.file("parts/many.dat", many);

    Manifest manifest = PipelineRuns.run("--ldrawDir=" + lib, "--out=" + out, "--parts=good,deep,wide,big,many",
        "--views=2", "--imageSize=64", "--colour=4", "--maxSubFileDepth=3", "--maxSubFiles=5",
        "--maxLDrawFileBytes=50000", "--maxTriangles=200");

    Map<String, FailureRecord> failures = JsonLines.read(out.resolve("failures.jsonl"), FailureRecord.class)
        .stream().collect(Collectors.toMap(FailureRecord::key, f -> f));
    assertEquals(List.of("big", "deep", "many", "wide"), failures.keySet().stream().sorted().toList());
    assertTrue(failures.get("deep").message().contains("nested deeper than 3 levels"), failures.get("deep").message());
    assertEquals("parts/wide.dat:5", failures.get("wide").location(), "the reference to its sixth file");
    assertTrue(failures.get("wide").message().contains("more than 5 distinct files"), failures.get("wide").message());
    assertTrue(failures.get("big").message().contains("over the limit of 50000 bytes per LDraw file"),
        failures.get("big").message());
    assertTrue(failures.get("many").message().contains("over the limit of 200"), failures.get("many").message());
    assertOnlyTheGoodCubeRendered(out);
    assertEquals("completed", manifest.stages().get(0).status());
  }

  @Test
  void aPartOverTheHeapLimitIsADeadLetterNamingTheEstimateAndTheRunCompletes(@TempDir Path lib, @TempDir Path out)
      throws Exception {
    TestLibrary library = withGoodCube(lib);
    String[] strip = new String[101];
    strip[0] = "0 Strip of 100 triangles";
    for (int k = 1; k < strip.length; k++) strip[k] = "3 16 " + k + " 0 0 " + (k + 1) + " 0 0 " + k + " 1 0";
    library.file("parts/s/strip.dat", strip);
    String[] heavy = new String[121];
    heavy[0] = "0 Heavy: 12,000 triangles";
    for (int k = 1; k < heavy.length; k++) heavy[k] = "1 16 0 " + k + " 0 1 0 0 0 1 0 0 0 1 s\\strip.dat";
    library.file("parts/heavy.dat", heavy);

    // 12 MB admits the cube (about 8.3 MB, nearly all the renderer's own buffers) but not 12,000 triangles more.
    Manifest manifest = PipelineRuns.run("--ldrawDir=" + lib, "--out=" + out, "--parts=good,heavy", "--views=2",
        "--imageSize=64", "--colour=4", "--maxPartHeapMb=12");

    List<FailureRecord> failures = JsonLines.read(out.resolve("failures.jsonl"), FailureRecord.class);
    assertEquals(List.of("heavy"), failures.stream().map(FailureRecord::key).toList());
    assertTrue(failures.get(0).message().contains("part heavy would need about 13 MB of heap to render (12000 triangles")
        && failures.get(0).message().contains("over the limit --maxPartHeapMb=12"), failures.get(0).message());
    assertOnlyTheGoodCubeRendered(out);
    assertEquals(1L, manifest.counts().get("render.load_part.failed"));
    assertEquals("completed", manifest.stages().get(0).status());
  }

  /** A library with {@code parts/good.dat}, a cube through a sub-file, which every limit here lets through. */
  private static TestLibrary withGoodCube(Path lib) {
    TestLibrary library = new TestLibrary(lib);
    library.cube("parts/s/cubes.dat", false, false);
    library.file("parts/good.dat", "0 Good cube", "0 BFC CERTIFY CCW", "1 16 0 0 0 10 0 0 0 10 0 0 0 10 s\\cubes.dat");
    return library;
  }

  /** The run rendered the good cube's two views and nothing else. */
  private static void assertOnlyTheGoodCubeRendered(Path out) throws Exception {
    List<RenderRecord> records = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    assertEquals(List.of("good", "good"), records.stream().map(RenderRecord::partId).toList());
  }
}
