package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.embed.BuiltinModel;
import org.brickbox.io.ldraw.TestLibrary;
import org.brickbox.render.ColourMode;
import org.brickbox.render.RenderSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How command-line options become the run's part selection, render settings and options hash. */
class RunPlanTest {
  @TempDir Path lib;

  @BeforeEach
  void writeLibrary() {
    new TestLibrary(lib)
        .file("parts/3001.dat", "0 Brick  2 x  4")
        .file("parts/3001p01.dat", "0 Brick  2 x  4 with Pattern")
        .file("parts/3005old.dat", "0 ~Moved to 3005")
        .file("parts/3020.dat", "0 Plate  2 x  4")
        .file("parts/3069b.dat", "0 Tile  1 x  2 with Groove");
  }

  private RunPlan plan(String... args) {
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    String[] all = new String[args.length + 1];
    all[0] = "--ldrawDir=" + lib;
    System.arraycopy(args, 0, all, 1, args.length);
    return RunPlan.from(PipelineOptionsFactory.fromArgs(all).as(BrickBoxOptions.class));
  }

  @Test
  void categoriesAndExclusionsSelectRealBricksAndPlates() {
    RunPlan plan = plan("--categories=Brick,Plate", "--excludePatterned=true");
    assertEquals(List.of("3001", "3020"), plan.parts().partIds());
    assertEquals(2L * 72, plan.run().plannedCounts().get("render.keys.planned")); // 72: the default --views
  }

  @Test
  void withoutIdsOrFiltersEveryNonAliasPartIsSelectedAndMaxPartsCapsIt() {
    assertEquals(List.of("3001", "3001p01", "3020", "3069b"), plan().parts().partIds());
    assertEquals(List.of("3001", "3001p01"), plan("--maxParts=2").parts().partIds());
    assertEquals(List.of("3001", "3020"), plan("--sampleParts=2").parts().partIds(), "evenly spread");
  }

  @Test
  void idsFromTheCommandLineAndAFileAreCombinedAndUnknownOnesKept(@TempDir Path dir) throws Exception {
    Path ids = Files.writeString(dir.resolve("ids.txt"), "3020\n# comment\nnope\n");
    RunPlan plan = plan("--parts=3069b", "--partsFile=" + ids);
    assertEquals(List.of("3069b", "3020"), plan.parts().partIds());
    assertEquals(List.of("nope"), plan.parts().unknownIds());
  }

  @Test
  void colourOptionsBecomeFixedOrPaletteSettings() {
    RenderSettings fixed = plan("--colour=0x2FF0000").render().settings();
    assertEquals(ColourMode.FIXED, fixed.colourMode());
    assertEquals(0x2FF0000, fixed.fixedColour());
    RenderSettings palette = plan("--palette=1,4, 14").render().settings();
    assertEquals(List.of(1, 4, 14), palette.palette());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> plan("--colour=red"));
    assertTrue(bad.getMessage().contains("--colour"), bad.getMessage());
  }

  @Test
  void outputLocationDoesNotChangeTheOptionsHashButRenderOptionsDo() {
    String base = plan("--out=/tmp/a").run().optionsHash();
    assertEquals(base, plan("--out=/tmp/b").run().optionsHash());
    assertNotEquals(base, plan("--views=12").run().optionsHash());
  }

  @Test
  void invalidRenderOptionsFailWithTheReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan("--imageSize=32"));
    assertTrue(e.getMessage().contains("imageSize"), e.getMessage());
  }

  @Test
  void qaOptionsBecomeThresholdsAStageVersionAndClearErrors(@TempDir Path dir) throws Exception {
    RunPlan plan = plan("--qaMinContrast=12", "--qaNearDuplicateBits=-1");
    assertEquals(12.0, plan.qa().thresholds().minContrast());
    assertEquals(-1, plan.qa().thresholds().nearDuplicateBits());
    assertEquals(org.brickbox.qa.QaThresholds.DEFAULTS.minSsim(), plan.qa().thresholds().minSsim());
    assertEquals(org.brickbox.stages.qa.QaStage.VERSION, plan.run().stageVersions().get("qa"));
    assertEquals(null, plan("--qa=false").qa());
    assertEquals(null, plan("--qa=false").run().stageVersions().get("qa"));

    var missing = assertThrows(IllegalArgumentException.class,
        () -> plan("--qaThresholds=" + dir.resolve("nope.json")));
    assertTrue(missing.getMessage().startsWith("--qaThresholds: cannot read"), missing.getMessage());
    Path typo = Files.writeString(dir.resolve("qa.json"), "{\"minContrat\": 1}");
    var unknown = assertThrows(IllegalArgumentException.class, () -> plan("--qaThresholds=" + typo));
    assertTrue(unknown.getMessage().contains("minContrat") && unknown.getMessage().contains("qa.json"),
        unknown.getMessage());
  }

  @Test
  void aFixedBackgroundColourIsHexAndNeedsThePlainBackground() {
    RenderSettings s = plan("--background=PLAIN", "--backgroundColour=1B2A34").render().settings();
    assertEquals(0x1B2A34, s.backgroundRgb());
    assertEquals(null, plan().render().settings().backgroundRgb(), "seeded by default");
    var notHex = assertThrows(IllegalArgumentException.class, () -> plan("--background=PLAIN", "--backgroundColour=black"));
    assertTrue(notHex.getMessage().contains("--backgroundColour"), notHex.getMessage());
    var mixed = assertThrows(IllegalArgumentException.class, () -> plan("--backgroundColour=000000"));
    assertTrue(mixed.getMessage().contains("PLAIN"), mixed.getMessage());
    // The settings hash of a run without the option is what it was before the option existed (null is not written).
    assertTrue(!org.brickbox.io.records.Json.line(plan().render().settings()).contains("backgroundRgb"));
  }

  /**
   * {@code --model=builtin} is the built-in model of the run's style, recorded as such in the versions that decide
   * a rebuild; the photographic one keeps the name indexes written before have; {@code builtin:photo} and {@code
   * builtin:cad} name one whatever the style.
   */
  @Test
  void theBuiltinModelIsTheOneTrainedForTheRenderStyle() {
    RunPlan photo = plan();
    assertEquals("builtin", photo.embed().model().toString());
    assertEquals(BuiltinModel.manifest(BuiltinModel.PHOTO).version(), photo.run().versions().get("embedModelVersion"));
    RunPlan cad = plan("--style=CAD");
    assertEquals("builtin:cad", cad.embed().model().toString());
    assertEquals("builtin:cad", cad.run().versions().get("embedModel"));
    assertEquals(BuiltinModel.manifest(BuiltinModel.CAD).version(), cad.run().versions().get("embedModelVersion"));
    assertNotEquals(photo.run().versions().get("embedModelVersion"), cad.run().versions().get("embedModelVersion"));
    assertEquals("builtin", plan("--style=CAD", "--model=builtin:photo").embed().model().toString());
    assertEquals("builtin:cad", plan("--model=builtin:cad").embed().model().toString());
    var unknown = assertThrows(IllegalArgumentException.class, () -> plan("--model=builtin:lego"));
    assertTrue(unknown.getMessage().contains("builtin:lego") && unknown.getMessage().contains("cad"),
        unknown.getMessage());
  }

  @Test
  void aRunTooLargeForTheDirectRunnerStopsBeforeAnyWorkNamingTheCommandToUse() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> plan("--parts=3001,3020", "--views=24", "--directRunnerMaxImages=40", "--out=" + lib.resolve("o")));
    assertTrue(e.getMessage().startsWith("48 images are planned"), e.getMessage());
    assertTrue(e.getMessage().contains("--runner=FlinkRunner --flinkMaster=[local]"), e.getMessage());
    assertEquals(48L, plan("--parts=3001,3020", "--views=24", "--directRunnerMaxImages=48", "--out=" + lib.resolve("o"))
        .run().plannedCounts().get("render.keys.planned"), "at the limit: planned");
    assertEquals(48L, plan("--parts=3001,3020", "--views=24", "--directRunnerMaxImages=40", "--runner=FlinkRunner",
        "--out=" + lib.resolve("o")).run().plannedCounts().get("render.keys.planned"), "other runners: no limit");
  }
}
