package org.brickbox.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.manifest.StageSummary;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.Test;

/** The page from inputs alone: escaping, "not run" for absent stages, what each present section shows. */
class ReportPageTest {
  private static final String HOSTILE = "<script>alert('x')</script>";

  static Manifest manifest(Map<String, Map<String, Object>> sections) {
    StageSummary render = new StageSummary("render", "completed", Map.of("render_view", Map.of("OK", 2L)), 2, 0, 0,
        "2026-11-27T08:00:00Z", "2026-11-27T08:00:03.500Z", 3000, 40);
    return new Manifest(1, "20261127T080000Z-abcdef12", "2026-11-27T08:00:04Z", "partial", "embed",
        Map.of("runner", "DirectRunner"), Map.of("version", "2206"), Map.of("views", 2), "0123456789abcdef",
        List.of(new Manifest.StageEntry("render", "completed", "r1", render),
            new Manifest.StageEntry("embed", "pending", null, null)),
        Map.of("render.render_view.ok", 2L), Map.of(), sections, null);
  }

  static RenderRecord record(String part, String description, int view) {
    String key = part + "/c4/v0" + view;
    return new RenderRecord(key, part, description, "Brick", 4, "Red", view, 42, "images/" + key + ".png",
        "images/" + key + ".mask.png", "png", 64, 64, "", "", "", "2206", "r1", "", "", List.of(), null);
  }

  private static String page(ReportInputs in) {
    return ReportPage.render(in, image -> "data:image/webp;base64," + image.length());
  }

  @Test
  void textFromFilesIsEscapedEverywhere() {
    ReportInputs in = new ReportInputs(manifest(null), List.of(record("3001", HOSTILE, 0)),
        Map.of("3001/c4/v00", HOSTILE), Map.of(), Map.of(), null);
    String html = page(in);
    assertFalse(html.contains(HOSTILE), "no raw markup from files");
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  }

  @Test
  void stagesThatDidNotRunSaySo() {
    String html = page(new ReportInputs(manifest(null), List.of(), Map.of(), Map.of(), Map.of(), null));
    for (String id : List.of("qa", "accuracy", "triggers", "comparison", "contact-sheet")) {
      int at = html.indexOf("<section id=\"" + id + "\">");
      assertTrue(at >= 0, id);
      assertTrue(html.indexOf("not run:", at) < html.indexOf("</section>", at), id + " says not run");
    }
  }

  @Test
  void presentSectionsShowTheirNumbersAndConfusedPairsAsImages() {
    Map<String, Object> scores = Map.of("top1", 0.8, "top5", 0.95, "queries", 10);
    Map<String, Map<String, Object>> sections = Map.of(
        "accuracy", Map.of("parts", 2, "queries", 10, "embeddingOnly", scores, "fusedSingleView", scores,
            "fusedMultiView", scores, "confusedPairs", List.of(Map.of("actual", "3001", "predicted", "3003",
                "count", 3)), "ambiguous", 1),
        "triggers", Map.of("retrain", true, "severity", "high", "reasons", List.of("top-1 fell by 0.2"),
            "rules", List.of(Map.of("rule", "accuracy_drop", "value", 0.2, "threshold", 0.05, "fired", true))),
        "qa", Map.of("images", 2, "passed", 1, "quarantined", 1, "reasons", Map.of("low_contrast", 1)));
    List<RenderRecord> renders = List.of(record("3001", "Brick 2 x 4", 0), record("3003", "Brick 2 x 2", 0));
    Manifest previous = manifest(null);
    String html = page(new ReportInputs(manifest(sections), renders, Map.of("3003/c4/v00", "low_contrast"),
        Map.of("sharpness", List.of(1.0, 2.0, 3.0)), Map.of("render/render_view", List.of(10.0, 12.0)), previous));
    assertTrue(html.contains("fused, multi-view top-1") && html.contains("80.0 %"), "accuracy bars");
    int pairs = html.indexOf("Most confused parts");
    assertTrue(pairs > 0 && html.indexOf("alt=\"3001\"", pairs) > 0 && html.indexOf("alt=\"3003\"", pairs) > 0,
        "the confused pair as two images");
    assertTrue(html.contains("Retrain recommended") && html.contains("accuracy_drop"), "triggers");
    assertTrue(html.contains("<figure class=\"quarantined\">") && html.contains("low_contrast"), "quarantine marked");
    assertTrue(html.contains("aria-label=\"sharpness\""), "QA metric histogram");
    assertTrue(html.contains("aria-label=\"render/render_view duration\""), "operation duration histogram");
    assertTrue(html.contains("Wall time per stage") && html.contains(">3.5<"), "stage wall time 3.5 s");
    assertTrue(html.contains("same options"), "comparison with the previous run");
  }

  @Test
  void contactSheetShowsEvenlySpacedViews() {
    List<Integer> views = IntStream.range(0, 24).boxed().toList();
    assertEquals(List.of(0, 3, 6, 9, 12, 15, 18, 21), ReportPage.evenlySpaced(views, 8));
    assertEquals(List.of(0, 1), ReportPage.evenlySpaced(List.of(0, 1), 8));
  }
}
