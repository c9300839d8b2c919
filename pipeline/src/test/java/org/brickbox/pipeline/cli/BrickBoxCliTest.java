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
    assertTrue(table.contains("qa: 0 of 2 images quarantined") && table.contains("sharpness"), table);
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
  void demoOptionsOverrideItsDefaultPartsAndOutput(@TempDir Path lib, @TempDir Path outDir) {
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    assertEquals(BrickBoxCli.OK, cli("demo", "--ldrawDir=" + lib, "--out=" + outDir, "--parts=cube",
        "--views=2", "--imageSize=64", "--colour=4", "--embed=false"), err());
    assertTrue(outDir.resolve("images/cube/c4/v01.png").toFile().isFile());
  }

  @Test
  void trainNeedsItsDataAndOutputAndExplainsItself() {
    assertEquals(BrickBoxCli.USAGE, cli("train", "--epochs=1"));
    assertTrue(err().contains("--data and --out are required"), err());
    assertEquals(BrickBoxCli.USAGE, cli("train", "--data=x", "--out=y", "--epoch=3"));
    assertTrue(err().contains("unknown training setting --epoch "), err());
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
  void helpListsEveryCommandOfTheTableWithItsSummaryAndTheExitCodes() {
    assertEquals(BrickBoxCli.OK, cli("help"));
    String printed = out.toString(StandardCharsets.UTF_8);
    for (Subcommand c : BrickBoxCli.COMMANDS) {
      assertTrue(printed.contains("  " + c.name() + " ") && printed.contains(c.summary()), c.name() + ": " + printed);
    }
    assertTrue(printed.contains("exit codes: 0 ok, 1 run failed, 2 bad usage or option, 3 LDraw library missing"));
  }

  @Test
  void everyCommandAnswersHelpFromTheTableWithoutRunning() {
    for (Subcommand c : BrickBoxCli.COMMANDS) {
      out.reset();
      assertEquals(BrickBoxCli.OK, cli(c.name(), "--help"), c.name());
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.startsWith(c.usage()), c.name() + ": " + printed);
      assertTrue(printed.contains("exit codes:"), c.name());
    }
    out.reset();
    assertEquals(BrickBoxCli.OK, cli("help", "run"));
    String run = out.toString(StandardCharsets.UTF_8);
    assertTrue(run.contains("--imageSize=<Integer>   default: 224"), "run's help lists every option: " + run);
  }

  @Test
  void anUnknownPipelineOptionIsOneLineAndUsage(@TempDir Path lib) {
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    assertEquals(BrickBoxCli.USAGE, cli("run", "--ldrawDir=" + lib, "--parts=cube", "--veiws=2"));
    assertTrue(err().contains("veiws"), err());
    assertEquals(1, err().strip().lines().count(), "one line: " + err());
  }

  @Test
  void anUnknownCommandOptionIsOneLineAndUsage(@TempDir Path outDir) {
    assertEquals(BrickBoxCli.USAGE, cli("status", "--out=" + outDir, "--jsno"));
    assertTrue(err().startsWith("brickbox status: unknown option --jsno (expected --json, --out)"), err());
    err.reset();
    assertEquals(BrickBoxCli.USAGE, cli("logs", "--out=" + outDir, "--stauts=FAILED"));
    assertTrue(err().contains("unknown option --stauts") && err().contains("--status"), err());
    assertEquals(1, err().strip().lines().count(), err());
  }

  @Test
  void verboseAddsTheStackTrace(@TempDir Path empty) {
    assertEquals(BrickBoxCli.USAGE, cli("status", "--out=" + empty, "--verbose"));
    assertTrue(err().lines().count() > 3 && err().contains("\tat org.brickbox"), err());
  }

  @Test
  void triggersExitsTenWhenRetrainingIsRecommendedSoASchedulerCanChainTraining(@TempDir Path lib,
      @TempDir Path outDir) {
    new TestLibrary(lib).cube("parts/cube.dat", false, false);
    String[] run = {"run", "--ldrawDir=" + lib, "--out=" + outDir, "--parts=cube", "--views=2", "--imageSize=64",
        "--colour=4"};
    assertEquals(BrickBoxCli.OK, cli(run));
    assertEquals(BrickBoxCli.OK, cli("triggers", "--out=" + outDir));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("no retraining needed"));

    // The built-in model never saw "cube": with a threshold of 2 images that is new data enough to retrain.
    String[] strict = java.util.Arrays.copyOf(run, run.length + 1);
    strict[run.length] = "--triggerThresholds=newDataImages=2";
    assertEquals(BrickBoxCli.OK, cli(strict));
    out.reset();
    assertEquals(BrickBoxCli.RETRAIN, cli("triggers", "--out=" + outDir));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("recommendation: RETRAIN (low) with --data=" + outDir), printed);
    assertTrue(printed.contains("new_data: 2 images of parts model brickbox-embed-"), printed);

    out.reset();
    assertEquals(BrickBoxCli.OK, cli("status", "--out=" + outDir));
    printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("rebuild: incremental") && printed.contains("nothing changed"), printed);
    assertTrue(printed.contains("triggers: retrain recommended (low)"), printed);
    assertTrue(printed.contains("render.keys.skipped"), printed);
  }

  @Test
  void aFailedRunSaysWhatFailedWhereAndWhyOnOneLine() {
    var cause = new java.io.IOException("No space left on device");
    var writer = new java.io.IOException("cannot write /out/embeddings/vectors-00001-of-00004.npy: " + cause.getMessage(),
        cause);
    // How the DirectRunner wraps a DoFn's error: the cause's class and message as its own message.
    var runner = new RuntimeException(writer.toString(), writer);
    assertEquals("cannot write /out/embeddings/vectors-00001-of-00004.npy: No space left on device",
        BrickBoxCli.failureMessage(runner));
    assertEquals("a GPU is required", BrickBoxCli.failureMessage(
        new RuntimeException(new IllegalStateException("a GPU is required"))));
  }
}
