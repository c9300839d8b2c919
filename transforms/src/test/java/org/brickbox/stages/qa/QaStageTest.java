package org.brickbox.stages.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.brickbox.beam.JsonCoder;
import org.brickbox.fuse.ImageCues;
import org.brickbox.fuse.ShapeDescriptor;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.JsonLines;
import org.brickbox.qa.ImageQuality;
import org.brickbox.qa.MeasuredView;
import org.brickbox.qa.PartReview;
import org.brickbox.qa.QaRecord;
import org.brickbox.qa.QaRules;
import org.brickbox.qa.QaThresholds;
import org.brickbox.render.BackgroundMode;
import org.brickbox.render.PartRenderer;
import org.brickbox.render.PreparedMesh;
import org.brickbox.render.RenderKey;
import org.brickbox.render.RenderKeys;
import org.brickbox.render.RenderSettings;
import org.brickbox.render.RenderedView;
import org.brickbox.stages.fuse.ViewCues;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QA stage on the DirectRunner over real renders written by the test: good views pass, a black brick on black
 * and a view whose previous build looked different are quarantined with their reasons, a corrupt image and a missing
 * mask are dead letters, and the files, keys and manifest section say so.
 */
@ExtendWith(TestPipelineExtension.class)
class QaStageTest {
  private static final Path LIBRARY = Path.of(System.getProperty("user.home"), ".cache/brickbox/ldraw");
  private static final RenderSettings SETTINGS = RenderSettings.builder().imageSize(96).viewCount(4)
      .background(BackgroundMode.PLAIN).fixedColour(4).build();

  @Test
  void quarantinesBadImagesDeadLettersUnreadableOnesAndSummarises(TestPipeline p, @TempDir Path out,
      @TempDir Path baseline) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(LIBRARY.resolve("parts")), "needs the LDraw library at " + LIBRARY);
    LDrawLibrary library = LDrawLibrary.shared(LIBRARY);
    List<RenderRecord> records = new ArrayList<>();
    for (int view = 0; view < 4; view++) records.add(write(library, out, "3001", SETTINGS, view));
    RenderSettings blackOnBlack = SETTINGS.toBuilder().fixedColour(0).edges(false)
        .backgroundRgb(library.colours().resolve(0).rgb()).build();
    records.add(write(library, out, "3001", blackOnBlack, 2)); // 3001/c0/v02
    // The same key in an earlier build: identical for v00 (a baseline dir), re-seeded for v01 (kept under previous/).
    copy(out.resolve("images/3001/c4/v00.png"), baseline.resolve("images/3001/c4/v00.png"));
    RenderRecord reseeded = write(library, out.resolve("previous"), "3001", SETTINGS.toBuilder().seed(77).build(), 1);
    assertEquals("images/3001/c4/v01.png", reseeded.image());

    RenderRecord corrupt = write(library, out, "3023", SETTINGS, 0);
    Files.writeString(out.resolve(corrupt.image()), "not a png");
    RenderRecord maskless = write(library, out, "3023", SETTINGS, 1);
    Files.delete(out.resolve(maskless.mask()));
    records.add(corrupt);
    records.add(maskless);

    QaConfig config = new QaConfig(out.toString(), QaThresholds.DEFAULTS, baseline.toString(), 2);
    QaResult qa = QaStage.input(p.apply(Create.of(records).withCoder(JsonCoder.of(RenderRecord.class))), null)
        .apply(new QaStage(config));

    PAssert.that(qa.quarantinedKeys()).satisfies(keys -> {
      assertEquals(List.of("3001/c0/v02", "3001/c4/v01"),
          StreamSupport.stream(keys.spliterator(), false).sorted().toList());
      return null;
    });
    PAssert.that(qa.failures()).satisfies(failures -> {
      Map<String, FailureRecord> byKey = new TreeMap<>();
      failures.forEach(f -> byKey.put(f.key(), f));
      assertEquals(List.of("3023/c4/v00", "3023/c4/v01"), new ArrayList<>(byKey.keySet()));
      assertTrue(byKey.get("3023/c4/v00").message().contains("v00.png")
          && byKey.get("3023/c4/v00").message().contains("not a readable image"), byKey.get("3023/c4/v00").message());
      assertTrue(byKey.get("3023/c4/v01").message().contains("v01.mask.png"), byKey.get("3023/c4/v01").message());
      byKey.values().forEach(f -> assertEquals("qa", f.stage()));
      return null;
    });
    PAssert.that(qa.logs()).satisfies(logs -> {
      Map<String, Long> counts = new TreeMap<>();
      logs.forEach(l -> counts.merge(l.operation() + "." + l.status(), 1L, Long::sum));
      assertEquals(Map.of("measure_image.OK", 5L, "measure_image.FAILED", 2L, "accept_image.OK", 3L,
          "quarantine_image.WARNING", 2L), counts);
      return null;
    });
    PAssert.thatSingleton(qa.section()).satisfies(kv -> {
      assertEquals("qa", kv.getKey());
      QaSection section = Json.read(kv.getValue(), QaSection.class);
      assertEquals(5, section.images());
      assertEquals(3, section.passed());
      assertEquals(2, section.quarantined());
      assertEquals(Map.of(QaRules.LOW_CONTRAST, 1L, QaRules.SSIM_REGRESSION, 1L), section.reasons());
      QaSection.MetricSummary contrast = section.metrics().get("contrast");
      assertTrue(contrast.p5() <= contrast.mean() && contrast.mean() <= contrast.p95(), contrast.toString());
      assertTrue(section.metrics().containsKey("ssim"), "two keys had a previous image");
      assertEquals(QaThresholds.DEFAULTS.minContrast(), ((Number) section.thresholds().get("minContrast")).doubleValue());
      return null;
    });
    p.run().waitUntilFinish();

    List<QaRecord> metrics = JsonLines.readAll(out.resolve("qa"), "metrics-", ".jsonl", QaRecord.class);
    assertEquals(5, metrics.size());
    Map<String, QaRecord> byKey = new TreeMap<>();
    metrics.forEach(r -> byKey.put(r.key(), r));
    assertEquals(1.0, byKey.get("3001/c4/v00").metrics().get("ssim"), 1e-9, "identical to the baseline");
    assertTrue(byKey.get("3001/c4/v01").metrics().get("ssim") < QaThresholds.DEFAULTS.minSsim());
    assertFalse(byKey.get("3001/c4/v02").metrics().containsKey("ssim"), "no previous image, no SSIM");
    assertEquals(List.of(QaRules.LOW_CONTRAST), byKey.get("3001/c0/v02").reasons());
    for (Path shard : List.of(out.resolve("qa/metrics-00000-of-00002.jsonl"), out.resolve("qa/metrics-00001-of-00002.jsonl"))) {
      List<String> keys = JsonLines.read(shard, QaRecord.class).stream().map(QaRecord::key).toList();
      assertEquals(keys.stream().sorted().toList(), keys, "sorted within " + shard);
    }
    List<QaRecord> quarantine = JsonLines.read(out.resolve("qa/quarantine.jsonl"), QaRecord.class);
    assertEquals(List.of("3001/c0/v02", "3001/c4/v01"), quarantine.stream().map(QaRecord::key).toList());
    assertTrue(Files.isRegularFile(out.resolve("images/3001/c0/v02.png")), "quarantined images stay on disk");
  }

  /**
   * Asked for the fuse stage's cues, QA gives them for every readable view, read off the pixels it measured (the same
   * cues as the fuse stage's own reader gives from the files), and an unreadable view is a dead letter of both stages.
   */
  @Test
  void givesTheFuseStageTheCuesOfTheViewsItMeasured(TestPipeline p, @TempDir Path out) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(LIBRARY.resolve("parts")), "needs the LDraw library at " + LIBRARY);
    LDrawLibrary library = LDrawLibrary.shared(LIBRARY);
    List<RenderRecord> records = new ArrayList<>();
    Map<String, String> expected = new TreeMap<>();
    for (int view = 0; view < 3; view++) {
      RenderRecord r = write(library, out, "3001", SETTINGS, view);
      records.add(r);
      expected.put(r.key(), Json.line(ViewCues.of(r, ImageCodec.decodeRgb(Files.readAllBytes(out.resolve(r.image()))),
          ImageCodec.decodeGray(Files.readAllBytes(out.resolve(r.mask()))))));
    }
    RenderRecord corrupt = write(library, out, "3023", SETTINGS, 0);
    Files.writeString(out.resolve(corrupt.image()), "not a png");
    records.add(corrupt);

    QaConfig config = new QaConfig(out.toString(), QaThresholds.DEFAULTS, null, 1).withViewCues();
    QaResult qa = QaStage.input(p.apply(Create.of(records).withCoder(JsonCoder.of(RenderRecord.class))), null)
        .apply(new QaStage(config));

    PAssert.that(qa.viewCues()).satisfies(cues -> {
      Map<String, String> byKey = new TreeMap<>();
      cues.forEach(kv -> byKey.put(kv.getKey(), Json.line(kv.getValue())));
      assertEquals(expected, byKey);
      return null;
    });
    PAssert.that(qa.failures()).satisfies(failures -> {
      List<String> stages = new ArrayList<>();
      failures.forEach(f -> stages.add(f.stage() + " " + f.key()));
      assertEquals(List.of("fuse 3023/c4/v00", "qa 3023/c4/v00"), stages.stream().sorted().toList());
      return null;
    });
    PAssert.that(qa.logs()).satisfies(logs -> {
      Map<String, Long> counts = new TreeMap<>();
      logs.forEach(l -> counts.merge(l.stage() + "." + l.operation() + "." + l.status(), 1L, Long::sum));
      assertEquals(3L, counts.get("fuse.view_cues.OK"));
      assertEquals(1L, counts.get("fuse.view_cues.FAILED"));
      assertEquals(3L, counts.get("qa.measure_image.OK"));
      return null;
    });
    p.run().waitUntilFinish();
  }

  /**
   * A rebuild gives QA the verdicts an earlier run gave the images it keeps: a verdict of the very image and mask
   * bytes is reused, metrics and cues as recorded (a marked sharpness shows it was not measured again); a verdict
   * of other bytes (the image changed since) is not, and that image is measured. Verdicts are judged afresh.
   */
  @Test
  void reusesAnEarlierMeasurementOfTheSameBytesAndMeasuresAnImageThatChanged(TestPipeline p, @TempDir Path out)
      throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(LIBRARY.resolve("parts")), "needs the LDraw library at " + LIBRARY);
    LDrawLibrary library = LDrawLibrary.shared(LIBRARY);
    List<RenderRecord> records = new ArrayList<>();
    List<MeasuredView> measured = new ArrayList<>();
    for (int view = 0; view < 3; view++) {
      RenderRecord r = withHashes(write(library, out, "3001", SETTINGS, view), out);
      records.add(r);
      DecodedImage image = ImageCodec.decodeRgb(Files.readAllBytes(out.resolve(r.image())));
      DecodedImage mask = ImageCodec.decodeGray(Files.readAllBytes(out.resolve(r.mask())));
      measured.add(new MeasuredView(r.key(), r.partId(), r.colourCode(), r.viewIndex(), r.image(),
          ImageQuality.measure(image, mask, null), r.imageSha256(), r.maskSha256(), ImageCues.read(image, mask)));
    }
    Map<String, String> fresh = new TreeMap<>();
    for (QaRecord q : PartReview.review(measured, Map.of(), QaThresholds.DEFAULTS)) fresh.put(q.key(), Json.line(q));
    // Earlier verdicts of v00 and v01 with a marked sharpness; v01's image has changed since (other bytes).
    List<QaRecord> earlier = new ArrayList<>();
    for (int view = 0; view < 2; view++) {
      QaRecord q = Json.read(fresh.get(records.get(view).key()), QaRecord.class);
      Map<String, Double> marked = new TreeMap<>(q.metrics());
      marked.put("sharpness", 12345.0);
      earlier.add(new QaRecord(q.key(), q.partId(), q.colourCode(), q.viewIndex(), q.image(), q.passed(),
          q.reasons(), marked, q.phash(), q.duplicateOf(), view == 1 ? "other bytes" : q.imageSha256(),
          q.maskSha256(), q.cues()));
    }

    QaConfig config = new QaConfig(out.toString(), QaThresholds.DEFAULTS, null, 1).withViewCues();
    // v00 and v01 are kept from the earlier run, v02 was rendered by this one.
    QaResult qa = QaStage.input(
            p.apply("Made", Create.of(records.subList(2, 3)).withCoder(JsonCoder.of(RenderRecord.class))),
            p.apply("Kept", Create.of(records.subList(0, 2)).withCoder(JsonCoder.of(RenderRecord.class))),
            null, p.apply("Earlier", Create.of(earlier).withCoder(JsonCoder.of(QaRecord.class))))
        .apply(new QaStage(config));
    PAssert.that(qa.logs()).satisfies(logs -> {
      Map<String, Long> counts = new TreeMap<>();
      logs.forEach(l -> counts.merge(l.stage() + "." + l.operation() + "." + l.status(), 1L, Long::sum));
      assertEquals(Map.of("qa.reuse_measurement.OK", 1L, "qa.measure_image.OK", 2L, "qa.accept_image.OK", 3L,
          "fuse.reuse_view_cues.OK", 1L, "fuse.view_cues.OK", 2L), counts);
      return null;
    });
    Map<String, String> cuesRead = new TreeMap<>();
    for (RenderRecord r : records) {
      cuesRead.put(r.key(), Json.line(ViewCues.of(r, Json.read(fresh.get(r.key()), QaRecord.class).cues())));
    }
    PAssert.that(qa.viewCues()).satisfies(cues -> {
      Map<String, String> byKey = new TreeMap<>();
      cues.forEach(kv -> byKey.put(kv.getKey(), Json.line(kv.getValue())));
      assertEquals(cuesRead, byKey, "reused cues are the cues read");
      return null;
    });
    p.run().waitUntilFinish();

    Map<String, String> written = new TreeMap<>();
    for (QaRecord q : JsonLines.read(out.resolve("qa/metrics.jsonl"), QaRecord.class)) {
      written.put(q.key(), Json.line(q));
    }
    assertEquals(fresh.keySet(), written.keySet());
    assertEquals(12345.0, Json.read(written.get("3001/c4/v00"), QaRecord.class).metrics().get("sharpness"),
        "v00's earlier measurement was reused");
    assertEquals(fresh.get("3001/c4/v01"), written.get("3001/c4/v01"), "v01 changed: measured again");
    assertEquals(fresh.get("3001/c4/v02"), written.get("3001/c4/v02"), "v02 is new");
    assertEquals(fresh.get("3001/c4/v00").replace("\"sharpness\":" + Json.read(fresh.get("3001/c4/v00"),
        QaRecord.class).metrics().get("sharpness"), "\"sharpness\":12345.0"), written.get("3001/c4/v00"),
        "all else as measured");
  }

  /**
   * Cues kept from a run whose reader was older (without the repeat count) are read again, and the image measured
   * with them; today's cues are reused; a run without view cues reuses the measurement either way.
   */
  @Test
  void cuesOfAnOlderReaderAreReadAgain(@TempDir Path out) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(LIBRARY.resolve("parts")), "needs the LDraw library at " + LIBRARY);
    LDrawLibrary library = LDrawLibrary.shared(LIBRARY);
    RenderRecord r = withHashes(write(library, out, "3008", SETTINGS, 1), out);
    DecodedImage image = ImageCodec.decodeRgb(Files.readAllBytes(out.resolve(r.image())));
    DecodedImage mask = ImageCodec.decodeGray(Files.readAllBytes(out.resolve(r.mask())));
    ImageCues cues = ImageCues.read(image, mask);
    assertTrue(cues.current(), cues.toString());
    QaRecord today = PartReview.review(List.of(new MeasuredView(r.key(), r.partId(), r.colourCode(), r.viewIndex(),
        r.image(), ImageQuality.measure(image, mask, null), r.imageSha256(), r.maskSha256(), cues)), Map.of(),
        QaThresholds.DEFAULTS).get(0);
    ImageCues older = new ImageCues(new ShapeDescriptor(cues.shape().features(), cues.shape().holes()), cues.rgb(),
        cues.fill(), 0, null);
    QaRecord before = Json.read(Json.line(today).replace(",\"version\":\"" + ImageCues.VERSION + "\"", "")
        .replaceAll(",\"periods\":[0-9.E-]+", "").replaceAll(",\"length\":[0-9.E-]+", ""), QaRecord.class);
    assertEquals(older, before.cues(), "a record written before: no reader version, no repeat count, no length");
    assertEquals(cues, MeasureImageFn.reusable(r, today, true).cues());
    assertEquals(null, MeasureImageFn.reusable(r, before, true), "read again with today's reader");
    assertEquals(today.metrics(), MeasureImageFn.reusable(r, before, false).metrics().values(),
        "without view cues the measurement still holds");
  }

  /** The record with the hashes of its image and mask, as the render stage writes it. */
  private static RenderRecord withHashes(RenderRecord r, Path dir) throws Exception {
    return new RenderRecord(r.key(), r.partId(), r.description(), r.category(), r.colourCode(), r.colourName(),
        r.viewIndex(), r.seed(), r.image(), r.mask(), r.format(), r.width(), r.height(),
        Hashes.sha256Hex(Files.readAllBytes(dir.resolve(r.image()))),
        Hashes.sha256Hex(Files.readAllBytes(dir.resolve(r.mask()))), r.closureHash(), r.libraryVersion(),
        r.rendererVersion(), r.settingsHash(), r.colourHash(), r.warnings(), r.view());
  }

  /** Renders one view of a real part and writes image and mask under {@code dir} as the render stage names them. */
  static RenderRecord write(LDrawLibrary library, Path dir, String partId, RenderSettings settings, int view)
      throws Exception {
    RenderKey key = RenderKeys.forPart(partId, settings).get(view);
    RenderedView v = new PartRenderer().render(PreparedMesh.of(library.load(partId).mesh()), library.colours(),
        settings, key);
    String image = "images/" + key.path() + ".png";
    String mask = "images/" + key.path() + ".mask.png";
    Files.createDirectories(dir.resolve(image).getParent());
    Files.write(dir.resolve(image), ImageCodec.encodeRgbPng(v.rgb(), v.width(), v.height()));
    Files.write(dir.resolve(mask), ImageCodec.encodeGrayPng(v.mask(), v.width(), v.height()));
    return new RenderRecord(key.path(), partId, null, null, key.colourCode(), null, key.viewIndex(), key.seed(),
        image, mask, "png", v.width(), v.height(), null, null, null, null, PartRenderer.RENDERER_VERSION, null, null,
        List.of(), null);
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
  }
}
