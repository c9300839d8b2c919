package org.brickbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.JsonLines;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.embed.Npy;
import org.brickbox.embed.Vectors;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.render.RenderRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph on the real LDraw library with the DirectRunner: outputs, dead letters, logs, manifest, reruns. */
class RenderPipelineTest {
  private static Path library;

  @BeforeAll
  static void findLibrary() {
    library = PipelineRuns.installedLibrary();
  }

  static Manifest render(Path out, String parts, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--ldrawDir=" + library, "--out=" + out,
        "--parts=" + parts, "--views=3", "--imageSize=64"));
    args.addAll(List.of(extra));
    return PipelineRuns.run(args.toArray(String[]::new));
  }

  @Test
  void rendersEveryViewWritesRecordsLogsAndManifest(@TempDir Path out) throws Exception {
    Manifest manifest = render(out, "3001,3023,nosuchpart");

    List<RenderRecord> records = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    assertEquals(6, records.size(), "2 parts x 3 views");
    for (RenderRecord r : records) {
      byte[] png = Files.readAllBytes(out.resolve(r.image()));
      DecodedImage image = ImageCodec.decodeRgb(png);
      assertEquals(64, image.width());
      DecodedImage mask = ImageCodec.decodeGray(Files.readAllBytes(out.resolve(r.mask())));
      long covered = 0;
      for (byte b : mask.pixels()) if ((b & 0xFF) > 127) covered++;
      assertTrue(covered > 64 * 64 / 20, r.key() + ": the part covers a sane share of the frame, was " + covered);
      assertEquals(org.brickbox.io.records.Hashes.sha256Hex(png), r.imageSha256());
    }
    assertEquals(Set.of("3001", "3023"), records.stream().map(RenderRecord::partId).collect(Collectors.toSet()));

    List<FailureRecord> failures = JsonLines.read(out.resolve("failures.jsonl"), FailureRecord.class);
    assertEquals(1, failures.size());
    assertEquals("nosuchpart", failures.get(0).key());
    assertTrue(failures.get(0).message().contains("not in the LDraw library"));

    List<OperationLogRecord> logs = JsonLines.read(out.resolve("operation_logs.jsonl"), OperationLogRecord.class);
    assertEquals(6, logs.stream().filter(l -> l.operation().equals("render_view")
        && l.status() == OperationLogRecord.Status.OK).count());
    assertTrue(logs.stream().allMatch(l -> l.timestamp() != null && l.worker() != null && l.durationMs() >= 0));

    assertEquals("fuse", manifest.stages().get(2).name());
    assertEquals("completed", manifest.stages().get(2).status());
    assertEquals("completed", manifest.stages().get(0).status());
    assertEquals("completed", manifest.stages().get(1).status());
    assertEquals(manifest.versions().get("embedModelVersion"), manifest.stages().get(1).version());
    assertEquals(2L, manifest.counts().get("parts.selected"));
    assertEquals(1L, manifest.counts().get("parts.unknown"));
    assertEquals(6L, manifest.counts().get("render.render_view.ok"));
    assertEquals(Set.of("records/renders-00000-of-00004.jsonl", "records/renders-00001-of-00004.jsonl",
            "records/renders-00002-of-00004.jsonl", "records/renders-00003-of-00004.jsonl", "failures.jsonl",
            "operation_logs.jsonl", "embeddings/vectors-00000-of-00004.npy", "embeddings/vectors-00000-of-00004.jsonl",
            "embeddings/vectors-00001-of-00004.npy", "embeddings/vectors-00001-of-00004.jsonl",
            "embeddings/vectors-00002-of-00004.npy", "embeddings/vectors-00002-of-00004.jsonl",
            "embeddings/vectors-00003-of-00004.npy", "embeddings/vectors-00003-of-00004.jsonl",
            "fuse/queries.jsonl", "index/index.json", "index/references.jsonl", "index/vectors.npy",

            "qa/metrics-00000-of-00004.jsonl", "qa/metrics-00001-of-00004.jsonl", "qa/metrics-00002-of-00004.jsonl",
            "qa/metrics-00003-of-00004.jsonl", "qa/quarantine.jsonl"),
        manifest.outputHashes().keySet());
    assertNull(manifest.error());

    // One unit vector per rendered image, in .npy shards whose index files name each row.
    List<VectorShards.IndexLine> index = JsonLines.readAll(out.resolve("embeddings"), "vectors-", ".jsonl",
        VectorShards.IndexLine.class);
    assertEquals(records.stream().map(RenderRecord::key).sorted().toList(),
        index.stream().map(VectorShards.IndexLine::key).sorted().toList());
    for (int shard = 0; shard < 4; shard++) {
      String base = String.format("embeddings/vectors-%05d-of-00004", shard);
      float[][] vectors = Npy.readFloat32(Files.readAllBytes(out.resolve(base + ".npy")));
      List<VectorShards.IndexLine> lines = JsonLines.read(out.resolve(base + ".jsonl"), VectorShards.IndexLine.class);
      assertEquals(lines.size(), vectors.length, base);
      for (int row = 0; row < vectors.length; row++) {
        assertEquals(row, lines.get(row).row());
        assertEquals(512, vectors[row].length);
        assertEquals(1.0, Vectors.norm(vectors[row]), 1e-5);
        assertEquals(manifest.versions().get("embedModelVersion"), lines.get(row).modelVersion());
      }
    }
    assertTrue(logs.stream().anyMatch(l -> l.stage().equals("embed") && l.operation().equals("embed_batch")));
    assertFalse(PipelineRuns.files(out).keySet().stream().anyMatch(f -> f.contains(".tmp-")), "no temporary files");
  }

  @Test
  void sameOptionsGiveByteIdenticalOutputsHoweverWorkIsSplitAndRerunsReplaceOutputs(@TempDir Path a, @TempDir Path b)
      throws Exception {
    render(a, "3069b,3062b");
    render(b, "3069b,3062b", "--viewsPerTask=1");
    Map<String, byte[]> first = PipelineRuns.withoutPerRunFiles(PipelineRuns.files(a));
    Map<String, byte[]> second = PipelineRuns.withoutPerRunFiles(PipelineRuns.files(b));
    PipelineRuns.assertSameOutputs(first, second);

    render(a, "3069b,3062b");
    Map<String, byte[]> rerun = PipelineRuns.withoutPerRunFiles(PipelineRuns.files(a));
    PipelineRuns.assertSameOutputs(first, rerun); // a rerun overwrites by key, never duplicates
  }

  @Test
  void aDifferentSeedGivesDifferentImages(@TempDir Path a, @TempDir Path b) throws Exception {
    render(a, "3001", "--seed=1", "--colour=4");
    render(b, "3001", "--seed=2", "--colour=4");
    byte[] one = Files.readAllBytes(a.resolve("images/3001/c4/v00.png"));
    byte[] two = Files.readAllBytes(b.resolve("images/3001/c4/v00.png"));
    assertFalse(java.util.Arrays.equals(one, two));
  }

  @Test
  void webpImagesAreWrittenAndDecodeWithTheirMasks(@TempDir Path out) throws Exception {
    render(out, "3003", "--imageFormat=WEBP", "--webpQuality=70", "--colour=1");
    List<RenderRecord> records = JsonLines.readAll(out.resolve("records"), "renders-", ".jsonl", RenderRecord.class);
    assertEquals(3, records.size());
    for (RenderRecord r : records) {
      assertTrue(r.image().endsWith(".webp"), r.image());
      assertEquals(64, ImageCodec.decodeRgb(Files.readAllBytes(out.resolve(r.image()))).width());
      assertTrue(Files.isRegularFile(out.resolve(r.mask())));
    }
  }

}
