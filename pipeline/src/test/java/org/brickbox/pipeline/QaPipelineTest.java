package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.JsonLines;
import org.brickbox.qa.QaRecord;
import org.brickbox.qa.QaRules;
import org.brickbox.stages.qa.QaSection;
import org.brickbox.stages.qa.QaStage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QA in the whole graph on the DirectRunner with real parts: quarantine, manifest summary, SSIM against a baseline. */
class QaPipelineTest {
  private static Path library;

  @BeforeAll
  static void findLibrary() {
    library = PipelineRuns.installedLibrary();
  }

  private static Manifest run(Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--ldrawDir=" + library, "--out=" + out,
        "--parts=3001,3023", "--views=4", "--imageSize=96"));
    args.addAll(List.of(extra));
    return PipelineRuns.run(args.toArray(String[]::new));
  }

  @Test
  void blackPartsOnBlackAreQuarantinedKeptOnDiskAndSummarisedInTheManifest(@TempDir Path out) throws Exception {
    // LEGO black (LDConfig's 1B2A34) on the same colour, without the light outline lines: most views vanish.
    Manifest manifest = run(out, "--style=CAD", "--colour=0", "--background=PLAIN", "--backgroundColour=1B2A34",
        "--edges=false");

    List<QaRecord> records = JsonLines.readAll(out.resolve("qa"), "metrics-", ".jsonl", QaRecord.class);
    assertEquals(8, records.size(), "2 parts x 4 views");
    List<QaRecord> quarantine = JsonLines.read(out.resolve("qa/quarantine.jsonl"), QaRecord.class);
    assertEquals(records.stream().filter(r -> !r.passed()).map(QaRecord::key).sorted().toList(),
        quarantine.stream().map(QaRecord::key).toList());
    assertTrue(quarantine.size() >= 4, "most black-on-black views fail: " + quarantine.size());
    for (QaRecord r : quarantine) {
      assertTrue(r.reasons().contains(QaRules.LOW_CONTRAST), r.toString());
      assertTrue(Files.isRegularFile(out.resolve(r.image())), "kept on disk: " + r.image());
    }
    for (QaRecord r : records) {
      assertTrue(r.metrics().containsKey("embeddingDistance"), "the run embeds: " + r.key());
      assertFalse(r.metrics().containsKey("ssim"), "no baseline: SSIM absent, not failed");
    }

    Manifest.StageEntry qa = manifest.stages().get(3);
    assertEquals("qa", qa.name());
    assertEquals("completed", qa.status());
    assertEquals(QaStage.VERSION, qa.version());
    int quarantined = quarantine.size();
    assertEquals(8L, manifest.counts().get("qa.measure_image.ok"));
    assertEquals((long) quarantined, manifest.counts().get("qa.quarantine_image.warning"));
    assertEquals(8L - quarantined, manifest.counts().getOrDefault("qa.accept_image.ok", 0L));

    QaSection section = manifest.section("qa", QaSection.class);
    assertEquals(8, section.images());
    assertEquals(quarantined, section.quarantined());
    assertEquals(8 - quarantined, section.passed());
    assertEquals((long) quarantined, section.reasons().get(QaRules.LOW_CONTRAST));
    for (String metric : List.of("sharpness", "snrDb", "contrast", "coverage", "border", "saturated", "crushed",
        "phashDistance", "embeddingDistance")) {
      QaSection.MetricSummary s = section.metrics().get(metric);
      List<Double> values = records.stream().map(r -> r.metrics().get(metric)).filter(v -> v != null).sorted().toList();
      assertEquals(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), s.mean(), 1e-9, metric);
      assertTrue(values.contains(s.p5()) && values.contains(s.p95()), metric + ": percentiles are observed values");
      assertTrue(s.p5() <= s.p95(), metric);
    }
    assertEquals(30.0, ((Number) section.thresholds().get("minContrast")).doubleValue());
    assertTrue(manifest.outputHashes().containsKey("qa/quarantine.jsonl"));
    assertTrue(manifest.outputHashes().containsKey("qa/metrics-00000-of-00004.jsonl"));
  }

  @Test
  void aChangedRenderIsAnSsimRegressionAgainstTheBaselineAndQaCanBeTurnedOff(@TempDir Path before,
      @TempDir Path after, @TempDir Path thresholds) throws Exception {
    Manifest off = run(before, "--embed=false", "--qa=false", "--colour=4");
    assertEquals("pending", off.stages().get(3).status());
    assertNull(off.section("qa", QaSection.class));
    assertFalse(Files.exists(before.resolve("qa")));

    // Another seed stands in for a renderer change: every key's picture moves. Near-duplicates are off by file.
    Path file = thresholds.resolve("qa.json");
    Files.writeString(file, "{\"nearDuplicateBits\": -1, \"minSsim\": 0.5}");
    Manifest changed = run(after, "--embed=false", "--colour=4", "--seed=7", "--qaBaseline=" + before,
        "--qaThresholds=" + file, "--qaMinSsim=0.9");
    List<QaRecord> records = JsonLines.readAll(after.resolve("qa"), "metrics-", ".jsonl", QaRecord.class);
    assertEquals(8, records.size());
    Map<String, Long> reasons = new TreeMap<>();
    for (QaRecord r : records) {
      assertTrue(r.metrics().get("ssim") < 0.9, r.toString());
      assertFalse(r.metrics().containsKey("embeddingDistance"), "no embeddings in this run");
      r.reasons().forEach(reason -> reasons.merge(reason, 1L, Long::sum));
    }
    assertEquals(Map.of(QaRules.SSIM_REGRESSION, 8L), reasons);
    QaSection section = changed.section("qa", QaSection.class);
    assertEquals(0.9, ((Number) section.thresholds().get("minSsim")).doubleValue(), "the flag overrides the file");
    assertEquals(-1, ((Number) section.thresholds().get("nearDuplicateBits")).intValue(), "the file overrides the default");
    assertEquals(8, section.quarantined());
    assertTrue(section.metrics().get("ssim").p95() < 0.9);
  }
}
