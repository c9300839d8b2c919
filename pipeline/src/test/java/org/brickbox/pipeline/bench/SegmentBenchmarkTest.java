package org.brickbox.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.brickbox.fuse.TestPhotos;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.cli.BrickBoxCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./brickbox bench segment} on a folder of composed photos with their true masks: every photo with a mask is
 * scored by both segmenters, one without a mask is skipped, a perfect mask scores 1 and the summary is the last line.
 */
class SegmentBenchmarkTest {
  @Test
  void scoresBothSegmentersAgainstTheTrueMasks(@TempDir Path photos, @TempDir Path masks, @TempDir Path report)
      throws Exception {
    LDrawLibrary library = LDrawLibrary.shared(PipelineRuns.installedLibrary());
    int[][] surfaces = {{236, 234, 228}, {90, 120, 95}};
    for (int i = 0; i < 2; i++) {
      var composed = TestPhotos.onSurface(TestPhotos.renderPlain(library, "3001", i == 0 ? 15 : 4, 2, 256), 400, 400,
          70, 60, surfaces[i], 2, 0.15, i);
      Path photo = photos.resolve("3001/c" + i + "_front.jpg");
      Files.createDirectories(photo.getParent());
      Files.write(photo, TestPhotos.jpeg(composed.photo()));
      Path mask = masks.resolve("3001/c" + i + "_front.png");
      Files.createDirectories(mask.getParent());
      Files.write(mask, ImageCodec.encodeGrayPng(composed.mask(), 400, 400));
    }
    Files.copy(photos.resolve("3001/c0_front.jpg"), photos.resolve("3001/c0_back.jpg")); // no mask: skipped

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int code = new BrickBoxCli(new PrintStream(text, true, StandardCharsets.UTF_8),
        new PrintStream(errors, true, StandardCharsets.UTF_8)).execute(new String[] {"bench", "segment",
            "--photos=" + photos, "--masks=" + masks, "--out=" + report});
    String printed = text.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, code, errors + printed);
    List<String> lines = printed.lines().toList();
    Matcher last = Pattern.compile("segment: border-plane IoU (\\d\\.\\d{3}) .*; grabcut IoU (\\d\\.\\d{3}) \\(>=0\\.8 "
        + "(\\d\\.\\d{2}), detections 0\\.00, fallback 0\\.00, \\d+ CPU ms/photo\\); over 2 photos")
        .matcher(lines.get(lines.size() - 1));
    assertTrue(last.matches(), lines.get(lines.size() - 1));
    assertTrue(Double.parseDouble(last.group(2)) >= 0.9, "grabcut IoU " + last.group(2));
    assertTrue(printed.contains("by side:") && printed.contains("by colour:"), printed);

    JsonNode doc = Json.mapper().readTree(report.resolve("segment.json").toFile());
    assertEquals(4, doc.get("rows").size(), "two photos, two methods");
    for (JsonNode row : doc.get("rows")) {
      assertTrue(row.get("iou").asDouble() <= 1 && row.get("precision").asDouble() <= 1, row.toString());
      assertTrue(row.get("truthCoverage").asDouble() > 0.02, row.toString());
    }
  }

  @Test
  void aPerfectMaskScoresOne() {
    byte[] truth = new byte[64 * 48];
    for (int y = 10; y < 30; y++) for (int x = 5; x < 40; x++) truth[y * 64 + x] = (byte) 255;
    byte[] scaled = SegmentBenchmark.truthAt(new org.brickbox.io.image.DecodedImage(64, 48, 1, truth), 64, 48);
    assertEquals(1.0, org.brickbox.fuse.Masks.iou(truth, scaled));
  }
}
