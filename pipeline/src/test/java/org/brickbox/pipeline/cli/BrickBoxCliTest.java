package org.brickbox.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.brickbox.io.ldraw.TestLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line errors of the command line. */
class BrickBoxCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int cli(String... args) {
    return new BrickBoxCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownCommandIsUsageError() {
    assertEquals(BrickBoxCli.USAGE, cli("frobnicate"));
    assertTrue(err().contains("unknown command 'frobnicate'"));
  }

  @Test
  void missingLibraryExitsWithItsOwnCodeAndSaysWhatToDo(@TempDir Path empty) {
    assertEquals(BrickBoxCli.NO_LIBRARY, cli("run", "--ldrawDir=" + empty, "--parts=3001"));
    assertTrue(err().contains("./brickbox setup"), err());
    assertEquals(1, err().strip().lines().count(), "one clear line, no stack trace: " + err());
  }

  @Test
  void badOptionValueIsUsageErrorNamingTheOption(@TempDir Path lib, @TempDir Path outDir) {
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    assertEquals(BrickBoxCli.USAGE, cli("run", "--ldrawDir=" + lib, "--out=" + outDir, "--parts=cube",
        "--background=PLAID"));
    assertTrue(err().contains("--background"), err());
  }

  @Test
  void runRendersAndPrintsWhereTheOutputsAre(@TempDir Path lib, @TempDir Path outDir) {
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    assertEquals(BrickBoxCli.OK, cli("run", "--ldrawDir=" + lib, "--out=" + outDir, "--parts=cube",
        "--views=2", "--imageSize=64", "--colour=4"));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("render.render_view.ok") && printed.contains(" 2"), printed);
    assertTrue(printed.contains(outDir.toString()), printed);
    assertTrue(outDir.resolve("images/cube/c4/v01.png").toFile().isFile());
  }

  @Test
  void statusAndLogsReadWhatARunLeft(@TempDir Path lib, @TempDir Path outDir) throws Exception {
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    assertEquals(BrickBoxCli.OK, cli("run", "--ldrawDir=" + lib, "--out=" + outDir, "--parts=cube,nosuch",
        "--views=2", "--imageSize=64", "--colour=4", "--embed=false"));
    out.reset();

    assertEquals(BrickBoxCli.OK, cli("status", "--out", outDir.toString()));
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("render   completed") && table.contains("embed    pending"), table);
    assertTrue(table.contains("next stage: embed"), table);
    out.reset();
    assertEquals(BrickBoxCli.OK, cli("status", "--out=" + outDir, "--json"));
    org.brickbox.io.manifest.Manifest manifest = org.brickbox.io.records.Json.read(
        out.toString(StandardCharsets.UTF_8), org.brickbox.io.manifest.Manifest.class);
    assertEquals(2L, manifest.counts().get("render.render_view.ok"));
    out.reset();

    assertEquals(BrickBoxCli.OK, cli("logs", "--out=" + outDir));
    String logs = out.toString(StandardCharsets.UTF_8);
    // select_part, load_part, 2 render_view, and QA's measure_image and accept_image for both views
    assertTrue(logs.startsWith("8 records, error rate 12.50 %"), logs);
    assertTrue(logs.contains("render_view") && logs.contains("select_part") && logs.contains("measure_image"), logs);
    out.reset();
    assertEquals(BrickBoxCli.OK, cli("logs", "--out=" + outDir, "--status=FAILED"));
    String failed = out.toString(StandardCharsets.UTF_8);
    assertTrue(failed.startsWith("1 records, error rate 100.00 %") && failed.contains("nosuch"), failed);
  }

  @Test
  void statusOfADirectoryWithoutARunSaysSo(@TempDir Path empty) {
    assertEquals(BrickBoxCli.USAGE, cli("status", "--out=" + empty));
    assertTrue(err().contains("manifest.json") && err().contains("has a run written there?"), err());
  }

  @Test
  void trainNeedsItsDataAndOutputAndExplainsItself() {
    assertEquals(BrickBoxCli.USAGE, cli("train", "--epochs=1"));
    assertTrue(err().contains("--data and --out are required"), err());
    assertEquals(BrickBoxCli.OK, cli("train", "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--data=RUN_DIR"));
  }

  @Test
  void aBadModelSpecIsAUsageErrorNamingTheOption(@TempDir Path lib, @TempDir Path outDir) {
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    assertEquals(BrickBoxCli.USAGE, cli("run", "--ldrawDir=" + lib, "--out=" + outDir, "--parts=cube",
        "--model=onnx:/nowhere"));
    assertTrue(err().contains("--model"), err());
  }

  @Test
  void helpListsTheCommands() {
    assertEquals(BrickBoxCli.OK, cli("help"));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("demo") && printed.contains("bench render") && printed.contains("train")
        && printed.contains("bench embed"), printed);
  }
}
