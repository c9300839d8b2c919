package org.brickbox.stages.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.brickbox.beam.JsonCoder;
import org.brickbox.beam.StageResult;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.Embedder;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.EmbeddingModels;
import org.brickbox.embed.ModelSpec;
import org.brickbox.embed.Vectors;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.OperationLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embed stage on the DirectRunner: batch boundaries, vectors whatever the batch, dead letters for unreadable
 * images, one log per batch.
 */
@ExtendWith(TestPipelineExtension.class)
class EmbedStageTest {
  private static final int BATCH = 4;

  @ParameterizedTest(name = "{0} images, {1} corrupt")
  @CsvSource({"1, 0", "8, 0", "10, 0", "7, 2"})
  void everyImageIsEmbeddedOrDeadLetteredAndBatchesAreFull(int good, int corrupt, TestPipeline p, @TempDir Path dir)
      throws Exception {
    List<ImageRef> refs = randomImages(dir, good);
    for (int i = 0; i < corrupt; i++) {
      Path file = dir.resolve("bad" + i + ".png");
      Files.write(file, "not a png".getBytes());
      refs.add(new ImageRef("bad" + i + "/c4/v00", file.toString(), "bad" + i, 4, 0));
    }
    EmbedConfig config = new EmbedConfig(ModelSpec.parse("builtin"), BATCH, 60_000, 1, new DjlEngine(null, 1));
    StageResult<EmbeddingRecord> result = p.apply(Create.of(refs).withCoder(JsonCoder.of(ImageRef.class)))
        .apply(new EmbedStage(config));

    PAssert.that(result.output()).satisfies(vectors -> {
      Set<String> keys = new TreeSet<>();
      for (EmbeddingRecord v : vectors) {
        keys.add(v.key());
        assertEquals(512, v.vector().length);
        assertEquals(1.0, Vectors.norm(v.vector()), 1e-5);
        assertTrue(v.modelVersion().startsWith("brickbox-embed-"), v.modelVersion());
        assertEquals("builtin", v.model());
      }
      assertEquals(good, keys.size());
      return null;
    });
    PAssert.that(result.failures()).satisfies(failures -> {
      List<FailureRecord> list = StreamSupport.stream(failures.spliterator(), false).toList();
      assertEquals(corrupt, list.size());
      for (FailureRecord f : list) {
        assertTrue(f.key().startsWith("bad"), f.key());
        assertEquals("embed", f.stage());
        assertTrue(f.message().contains("not a readable image"), f.message());
      }
      return null;
    });
    int total = good + corrupt;
    PAssert.that(result.logs()).satisfies(logs -> {
      List<OperationLogRecord> list = StreamSupport.stream(logs.spliterator(), false).toList();
      assertEquals((total + BATCH - 1) / BATCH, list.size(), "one key: full batches and one remainder");
      assertEquals(total, list.stream().mapToInt(l -> ((Number) l.metadata().get("size")).intValue()).sum());
      for (OperationLogRecord l : list) {
        assertEquals("embed_batch", l.operation());
        assertEquals("cpu()", l.metadata().get("device"));
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  /**
   * Batches of a run vary (an incomplete one at the end, or after a buffering timeout; more keys, more of them), and
   * PyTorch's kernels round differently at another batch size: every pass is filled up to the batch size, so an
   * image gets the vector it gets alone in a full pass, bit for bit, whatever batch it came in.
   */
  @Test
  void aVectorDoesNotDependOnTheBatchItCameIn(TestPipeline p, @TempDir Path dir) throws Exception {
    int passSize = 16;
    List<ImageRef> refs = randomImages(dir, 11);
    EmbedConfig config = new EmbedConfig(ModelSpec.parse("builtin"), passSize, 60_000, 3, new DjlEngine(null, 1));
    Map<String, float[]> alone = new TreeMap<>();
    EmbeddingModel model = EmbeddingModels.acquire(config.model(), config.engine());
    try (Embedder embedder = model.newEmbedder()) {
      for (ImageRef r : refs) {
        DecodedImage image = ImageCodec.decodeRgb(Files.readAllBytes(Path.of(r.uri())));
        alone.put(r.key(), embedder.embedInPassesOf(passSize, List.of(image)).get(0));
      }
    } finally {
      EmbeddingModels.release(model);
    }
    StageResult<EmbeddingRecord> result = p.apply(Create.of(refs).withCoder(JsonCoder.of(ImageRef.class)))
        .apply(new EmbedStage(config));

    PAssert.that(result.output()).satisfies(vectors -> {
      int seen = 0;
      for (EmbeddingRecord v : vectors) {
        assertArrayEquals(alone.get(v.key()), v.vector(), v.key());
        seen++;
      }
      assertEquals(refs.size(), seen);
      return null;
    });
    PAssert.that(result.logs()).satisfies(logs -> {
      for (OperationLogRecord l : logs) {
        assertTrue(((Number) l.metadata().get("size")).intValue() < passSize, "every batch incomplete: " + l);
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  /** {@code count} random 40 x 40 PNG images in {@code dir}, keyed {@code p<i>/c4/v00}. */
  /**
   * A run's progress moves towards its planned images; a user's photo crops, embedded by the same code beside them,
   * are counted under their own names, or the progress read 117 of 96 images.
   */
  @Test
  void photoCropsAreCountedApartFromTheRunsImages(TestPipeline p, @TempDir Path dir) throws Exception {
    Path renders = Files.createDirectories(dir.resolve("renders"));
    Path crops = Files.createDirectories(dir.resolve("crops"));
    List<ImageRef> cropRefs = randomImages(crops, 3);
    Files.write(crops.resolve("bad.png"), "not a png".getBytes());
    cropRefs.add(new ImageRef("bad/c4/v00", crops.resolve("bad.png").toString(), "bad", 4, 0));
    EmbedConfig config = new EmbedConfig(ModelSpec.parse("builtin"), BATCH, 60_000, 1, new DjlEngine(null, 1));
    p.apply("Renders", Create.of(randomImages(renders, 5)).withCoder(JsonCoder.of(ImageRef.class)))
        .apply("EmbedRenders", new EmbedStage(config));
    p.apply("Crops", Create.of(cropRefs).withCoder(JsonCoder.of(ImageRef.class)))
        .apply("EmbedCrops", EmbedStage.photoCrops(config));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counted = new TreeMap<>();
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(EmbedStage.NAME)).build()).getCounters()) {
      if (c.getAttempted() != 0) counted.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    assertEquals(Map.of(EmbedStage.IMAGES_EMBEDDED, 5L, EmbedStage.PHOTO_CROPS_EMBEDDED, 3L,
        EmbedStage.PHOTO_CROPS_FAILED, 1L), counted);
  }

  private static List<ImageRef> randomImages(Path dir, int count) throws java.io.IOException {
    List<ImageRef> refs = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(count);
    for (int i = 0; i < count; i++) {
      byte[] rgb = new byte[40 * 40 * 3];
      for (int j = 0; j < rgb.length; j++) rgb[j] = (byte) random.nextInt(256);
      Path file = dir.resolve("img" + i + ".png");
      Files.write(file, ImageCodec.encodeRgbPng(rgb, 40, 40));
      refs.add(new ImageRef("p" + i + "/c4/v00", file.toString(), "p" + i, 4, 0));
    }
    return refs;
  }
}
