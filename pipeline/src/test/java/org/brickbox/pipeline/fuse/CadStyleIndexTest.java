package org.brickbox.pipeline.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.embed.BuiltinModel;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.BrickBoxOptions;
import org.brickbox.pipeline.BrickBoxPipeline;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.cli.BrickBoxCli;
import org.brickbox.stages.fuse.IndexManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --style=CAD} run on the DirectRunner embeds with the built-in CAD model and says so in its manifest and
 * index; {@code identify} against that index answers and warns on stderr that the model never saw a photograph.
 */
class CadStyleIndexTest {
  @Test
  void aCadRunUsesTheCadModelAndIdentifyWarnsThatItIsNotForPhotos(@TempDir Path out) throws Exception {
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    Manifest manifest = BrickBoxPipeline.run(PipelineOptionsFactory.fromArgs(
        "--ldrawDir=" + PipelineRuns.installedLibrary(), "--out=" + out, "--parts=3001,3003,3004", "--views=8",
        "--imageSize=64", "--style=CAD").withValidation().as(BrickBoxOptions.class));
    String cadVersion = BuiltinModel.manifest(BuiltinModel.CAD).version();
    assertEquals("builtin:cad", manifest.versions().get("embedModel"));
    assertEquals(cadVersion, manifest.versions().get("embedModelVersion"));
    IndexManifest index = Json.read(Files.readAllBytes(out.resolve("index/index.json")), IndexManifest.class);
    assertEquals("builtin:cad", index.model());
    assertEquals(cadVersion, index.modelVersion());

    Path view;
    try (var views = Files.walk(out.resolve("images/3003"))) {
      view = views.filter(p -> p.toString().endsWith(".png") && !p.toString().endsWith(".mask.png")).sorted()
          .findFirst().orElseThrow();
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream before = System.err;
    int code;
    try {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      code = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8), System.err).execute(
          new String[] {"identify", "--index=" + out.resolve("index"), view.toString(), "--json", "--threads=1"});
    } finally {
      System.setErr(before);
    }
    String warning = stderr.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, code, warning);
    assertTrue(warning.contains("built-in CAD model") && warning.contains("PHOTO"), warning);
    var json = Json.mapper().readTree(text.toString(StandardCharsets.UTF_8));
    assertEquals(3, json.get("candidates").size(), "stdout stays the JSON answer alone");
  }
}
