package org.brickbox.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.cli.BrickBoxCli;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run's report in a real browser: every section filled (the run only renders, to stay fast; QA, accuracy
 * and trigger results with a known quarantined image are written by the test), opened in headless chromium, which
 * must log no console message, load every image, and paint a screenshot that is not blank.
 */
class RunReportBrowserTest {

  @Test
  void theReportOfARunLoadsCleanlyAndPaintsItsImagesAndCharts(@TempDir Path out, @TempDir Path browser)
      throws Exception {
    Path library = PipelineRuns.installedLibrary();
    HeadlessChromium chromium = HeadlessChromium.findOrSkip(browser.resolve("profile"));
    assertEquals(BrickBoxCli.OK, cli("run", "--ldrawDir=" + library, "--out=" + out, "--parts=3001,3003,3023,3069b",
        "--views=4", "--imageSize=64", "--embed=false", "--qa=false", "--progress=off"));
    assertTrue(Files.isRegularFile(out.resolve(RunReport.FILE)), "every run writes its report");

    List<RenderRecord> renders = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    renders.sort(Comparator.comparing(RenderRecord::key));
    String quarantined = writeQaResults(out, renders);
    addSectionsAndHistory(out);

    assertEquals(BrickBoxCli.OK, cli("report", "--out=" + out));
    Path page = out.resolve(RunReport.FILE);
    String html = Files.readString(page);
    int images = count(html, "<img ");
    assertEquals(4 * 4 + 1 + 2, images, "16 contact-sheet images, the quarantined one again, one confused pair");
    assertEquals(images, count(html, "src=\"data:image/webp;base64,"), "every image is inline");
    assertTrue(Pattern.compile("title=\"" + Pattern.quote(quarantined) + " · [^\"]+ · quarantined: low_contrast\"")
        .matcher(html).find(), "quarantine mark");
    assertTrue(!Pattern.compile("(src|href)=\"(?!data:|#)").matcher(html).find(), "nothing to fetch from elsewhere");
    assertTrue(Files.size(page) < 200_000, "thumbnails keep the page small: " + Files.size(page));

    HeadlessChromium.Output dom = chromium.dumpDom(page);
    assertEquals(List.of(), dom.consoleLines(), "no console output, errors included");
    Map<String, String> body = bodyData(dom.stdout());
    assertEquals("yes", body.get("data-checked"), "the page's load handler ran: " + body);
    assertEquals(String.valueOf(images), body.get("data-images"));
    assertEquals(String.valueOf(images), body.get("data-images-loaded"), "every image decoded");
    assertTrue(dom.stdout().contains("<pre id=\"page-errors\" hidden=\"\"></pre>"), "no load or script errors");
    assertEquals(count(html, "<svg "), count(dom.stdout(), "<svg "), "every chart is in the rendered DOM");

    Path png = browser.resolve("report.png");
    chromium.screenshot(page, png, 1200, 1600);
    DecodedImage shot = ImageCodec.decodeRgb(Files.readAllBytes(png));
    assertEquals(1200, shot.width());
    double[] stats = luminanceMeanAndDeviation(shot);
    assertTrue(stats[1] > 20, "a painted page, not a blank one: luminance deviation " + stats[1]);
    assertTrue(stats[0] > 120, "a light page with dark text and images: mean luminance " + stats[0]);
  }

  private static int cli(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new BrickBoxCli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    if (code != BrickBoxCli.OK) System.err.println(err.toString(StandardCharsets.UTF_8));
    return code;
  }

  /**
   * Stands in for the QA stage's files: the contrast (luminance deviation) of each real image, and the least
   * contrasted image quarantined. Returns its key.
   */
  private static String writeQaResults(Path out, List<RenderRecord> renders) throws Exception {
    StringBuilder metrics = new StringBuilder();
    String lowest = null;
    double lowestContrast = Double.MAX_VALUE;
    for (RenderRecord r : renders) {
      double[] stats = luminanceMeanAndDeviation(ImageCodec.decodeRgb(Files.readAllBytes(out.resolve(r.image()))));
      metrics.append(Json.line(Map.of("key", r.key(), "viewIndex", r.viewIndex(),
          "metrics", Map.of("brightness", stats[0], "contrast", stats[1])))).append('\n');
      if (stats[1] < lowestContrast) {
        lowestContrast = stats[1];
        lowest = r.key();
      }
    }
    Files.createDirectories(out.resolve("qa"));
    Files.writeString(out.resolve("qa/metrics-00000-of-00001.jsonl"), metrics);
    Files.writeString(out.resolve("qa/quarantine.jsonl"),
        Json.line(Map.of("key", lowest, "reasons", List.of("low_contrast"))) + "\n");
    return lowest;
  }

  /** Stands in for fuse, QA and triggers reporting into the manifest, and for an earlier run in history/. */
  private static void addSectionsAndHistory(Path out) throws Exception {
    Manifest m = Manifest.read(out.toString());
    Map<String, Object> scores = Map.of("top1", 0.82, "top5", 0.97, "queries", 16);
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    sections.put("accuracy", Map.of("parts", 4, "queries", 16, "embeddingOnly", Map.of("top1", 0.75, "top5", 0.94,
        "queries", 16), "fusedSingleView", scores, "fusedMultiView", Map.of("top1", 0.9, "top5", 1.0, "queries", 5,
        "groupSize", 3), "confusedPairs", List.of(Map.of("actual", "3001", "predicted", "3003", "count", 2)),
        "ambiguous", 1));
    sections.put("qa", Map.of("images", 16, "passed", 15, "quarantined", 1, "reasons", Map.of("low_contrast", 1)));
    sections.put("triggers", Map.of("retrain", false, "severity", "none", "reasons", List.of(), "rules",
        List.of(Map.of("rule", "top1_drop", "value", 0.0, "threshold", 0.05, "fired", false, "severity", "none"))));
    Manifest withSections = new Manifest(m.formatVersion(), m.runId(), m.createdAt(), m.status(), m.nextStage(),
        m.versions(), m.ldraw(), m.options(), m.optionsHash(), m.stages(), m.counts(), m.outputHashes(), sections,
        m.error());
    withSections.write(out.toString());
    Map<String, Long> fewer = new LinkedHashMap<>(m.counts());
    fewer.put("render.render_view.ok", fewer.get("render.render_view.ok") - 4);
    Manifest previous = new Manifest(m.formatVersion(), "20261126T020000Z-previous", "2026-11-26T02:00:00Z",
        m.status(), m.nextStage(), m.versions(), m.ldraw(), m.options(), m.optionsHash(), m.stages(), fewer,
        m.outputHashes(), null, null);
    Files.createDirectories(out.resolve("history"));
    previous.write(out.resolve("history").toString());
    // Numbered before the run's own entry (0001), as an earlier run would be.
    Files.move(out.resolve("history/manifest.json"), out.resolve("history/0000-manifest.json"));
  }

  static double[] luminanceMeanAndDeviation(DecodedImage image) {
    double sum = 0;
    double squares = 0;
    byte[] p = image.pixels();
    int n = image.width() * image.height();
    for (int i = 0; i < n; i++) {
      double y = 0.299 * (p[3 * i] & 0xFF) + 0.587 * (p[3 * i + 1] & 0xFF) + 0.114 * (p[3 * i + 2] & 0xFF);
      sum += y;
      squares += y * y;
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(Math.max(0, squares / n - mean * mean))};
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) n++;
    return n;
  }

  private static Map<String, String> bodyData(String dom) {
    Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
    Map<String, String> attributes = new LinkedHashMap<>();
    if (!body.find()) return attributes;
    Matcher a = Pattern.compile("([\\w-]+)=\"([^\"]*)\"").matcher(body.group(1));
    while (a.find()) attributes.put(a.group(1), a.group(2));
    return attributes;
  }
}
