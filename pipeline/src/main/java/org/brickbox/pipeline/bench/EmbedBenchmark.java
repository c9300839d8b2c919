package org.brickbox.pipeline.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.brickbox.beam.JsonCoder;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.Embedder;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.EmbeddingModels;
import org.brickbox.embed.ModelSpec;
import org.brickbox.embed.QualityEvaluation;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.JsonLines;
import org.brickbox.stages.embed.EmbedConfig;
import org.brickbox.stages.embed.EmbedStage;
import org.brickbox.stages.embed.ImageRef;

/**
 * {@code ./brickbox bench embed --data=RUN_DIR [--model=builtin] [--images=2400] [--threads=0] [--rounds=3]}:
 * images/s of the raw predictor at batch 1, 8, 32 and 64 (preprocessing included, decoding not), then the Beam
 * stage (DirectRunner, batch 32) against the raw decode + predict loop over the same PNG files: the stage's
 * overhead. {@code ./brickbox bench embed-quality --gallery=DIR[,DIR] --queries=DIR [--model=...] [--stride=6]}:
 * nearest-neighbour top-1/top-5 of held-out views.
 */
public final class EmbedBenchmark {
  private EmbedBenchmark() {}

  record Ref(String key, String partId, int colourCode, int viewIndex, String image) {}

  public static void throughput(Map<String, String> o, PrintStream out) throws Exception {
    Path data = Path.of(required(o, "data"));
    int n = Integer.parseInt(o.getOrDefault("images", "2400"));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
    ModelSpec spec = ModelSpec.parse(o.getOrDefault("model", "builtin"));
    DjlEngine engine = new DjlEngine(o.get("djlCacheDir"), Integer.parseInt(o.getOrDefault("threads", "0")));
    // The run's images, cycled under distinct keys up to --images, so start-up costs are amortised.
    List<Ref> all = JsonLines.readAll(data.resolve("records"), "renders-", ".jsonl", Ref.class);
    List<Ref> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Ref r = all.get(i % all.size());
      refs.add(new Ref(r.key() + "#" + (i / all.size()), r.partId(), r.colourCode(), r.viewIndex(), r.image()));
    }
    List<byte[]> files = new ArrayList<>();
    for (Ref r : refs) files.add(Files.readAllBytes(data.resolve(r.image())));
    List<DecodedImage> images = files.stream().map(ImageCodec::decodeRgb).toList();
    EmbeddingModel model = EmbeddingModels.acquire(spec, engine);
    out.printf("bench embed: model %s (%d-d, %s), %d images of %dx%d from %s, %d cores, threads %s, load %.2f,"
        + " malloc %s%n", model.version(), model.dimension(), model.device(), n, images.get(0).width(),
        images.get(0).height(), data, Runtime.getRuntime().availableProcessors(), model.engineInfo().get("threads"),
        load(), mallocSettings());
    Map<Integer, Double> rates = new LinkedHashMap<>();
    try (Embedder embedder = model.newEmbedder()) {
      for (int batch : new int[] {1, 8, 32, 64}) {
        embed(embedder, images.subList(0, Math.min(n, 2 * batch)), batch); // warm-up
        double best = 0;
        for (int r = 0; r < rounds; r++) {
          long t = System.nanoTime();
          embed(embedder, images, batch);
          best = Math.max(best, n / ((System.nanoTime() - t) / 1e9));
        }
        rates.put(batch, best);
        out.printf("  raw predictor, batch %2d: %7.1f images/s (best of %d)%n", batch, best, rounds);
      }
      // Raw baseline for the stage: read + decode + predict, batch 32, one thread, like one DoFn instance.
      double raw = 0;
      for (int r = 0; r < rounds; r++) {
        long t = System.nanoTime();
        List<DecodedImage> batch = new ArrayList<>();
        for (Ref ref : refs) {
          batch.add(ImageCodec.decodeRgb(Files.readAllBytes(data.resolve(ref.image()))));
          if (batch.size() == 32) {
            embedder.embed(batch);
            batch.clear();
          }
        }
        embedder.embed(batch);
        raw = Math.max(raw, n / ((System.nanoTime() - t) / 1e9));
      }
      out.printf("  raw read+decode+predict, batch 32: %7.1f images/s%n", raw);
      List<Ref> doubled = new ArrayList<>(refs);
      for (Ref r : refs) doubled.add(new Ref(r.key() + "b", r.partId(), r.colourCode(), r.viewIndex(), r.image()));
      for (boolean checks : new boolean[] {false, true}) {
        double one = Double.MAX_VALUE;
        double two = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
          one = Math.min(one, stageSeconds(refs, data, spec, engine, checks));
          two = Math.min(two, stageSeconds(doubled, data, spec, engine, checks));
        }
        double whole = n / one;
        double marginal = n / Math.max(1e-9, two - one); // start-up and model load cancel out
        out.printf("  Beam Embed stage (DirectRunner, batch 32, immutability/encodability checks %s): whole pipeline"
            + " %7.1f images/s (overhead %.1f %%); per extra image %7.1f images/s (overhead %.1f %%), fixed start-up"
            + " %.2f s%n", checks ? "on" : "off", whole, 100 * (raw / whole - 1), marginal, 100 * (raw / marginal - 1),
            Math.max(0, one - n / marginal));
      }
    } finally {
      EmbeddingModels.release(model);
    }
  }

  /**
   * The glibc malloc settings this JVM started with ({@code runners/scripts/native-memory.sh}, set by the launcher),
   * which change the model's CPU cost by a quarter or more: a figure is only comparable with one taken under the
   * same.
   */
  static String mallocSettings() {
    String mmap = System.getenv("MALLOC_MMAP_THRESHOLD_");
    String trim = System.getenv("MALLOC_TRIM_THRESHOLD_");
    return mmap == null && trim == null ? "glibc defaults"
        : "mmap threshold " + (mmap == null ? "default" : mmap)
            + ", trim threshold " + (trim == null ? "default" : trim);
  }

  private static double stageSeconds(List<Ref> refs, Path data, ModelSpec spec, DjlEngine engine, boolean checks) {
    List<ImageRef> images = refs.stream().map(r -> new ImageRef(r.key(), data.resolve(r.image()).toString(),
        r.partId(), r.colourCode(), r.viewIndex())).toList();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--targetParallelism=1",
        "--enforceImmutability=" + checks, "--enforceEncodability=" + checks).create());
    p.apply(Create.of(images).withCoder(JsonCoder.of(ImageRef.class)))
        .apply(new EmbedStage(new EmbedConfig(spec, 32, 10_000, 1, engine)))
        .output().apply(Count.globally());
    long t = System.nanoTime();
    p.run().waitUntilFinish();
    return (System.nanoTime() - t) / 1e9;
  }

  private static void embed(Embedder embedder, List<DecodedImage> images, int batch) {
    for (int b = 0; b < images.size(); b += batch) embedder.embed(images.subList(b, Math.min(images.size(), b + batch)));
  }

  public static void quality(Map<String, String> o, PrintStream out) {
    ModelSpec spec = ModelSpec.parse(o.getOrDefault("model", "builtin"));
    DjlEngine engine = new DjlEngine(o.get("djlCacheDir"), Integer.parseInt(o.getOrDefault("threads", "0")));
    try (EmbeddingModel model = EmbeddingModel.load(spec, engine)) {
      QualityEvaluation.run(model, dirs(required(o, "gallery")), dirs(required(o, "queries")),
          Integer.parseInt(o.getOrDefault("stride", "6")), out);
    }
  }

  private static List<Path> dirs(String text) {
    List<Path> dirs = new ArrayList<>();
    for (String d : text.split(",")) if (!d.isBlank()) dirs.add(Path.of(d.trim()));
    return dirs;
  }

  private static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
