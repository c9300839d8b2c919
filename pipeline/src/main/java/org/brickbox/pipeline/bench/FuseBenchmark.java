package org.brickbox.pipeline.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.brickbox.embed.DjlEngine;
import org.brickbox.fuse.Accuracy;
import org.brickbox.fuse.ColourCentroid;
import org.brickbox.fuse.ExactSearch;
import org.brickbox.fuse.FusionEvaluation;
import org.brickbox.fuse.FusionWeights;
import org.brickbox.fuse.HnswSearch;
import org.brickbox.fuse.QueryView;
import org.brickbox.fuse.RecallAtK;
import org.brickbox.fuse.ShapeCues;
import org.brickbox.io.files.FileTrees;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.image.ImageCodec;
import org.brickbox.io.records.JsonLines;
import org.brickbox.pipeline.identify.PhotoIdentifier;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.fuse.IndexStore;
import org.brickbox.stages.render.RenderRecord;

/**
 * {@code ./brickbox bench fuse --index=REF/index --queries=RUN [--heldOut=6:5] [--groupSize=3] [--photos=60]
 * [--weights=W:S:T]}: identification of another run's views (e.g. unseen colours) against an index, with the index's
 * own fusion weights (or --weights); the time to fit the weights on those views, as the index step fits them on its
 * validation views; recall@10 of HNSW against exact search and the build time of the HNSW graph;
 * identify throughput from rendered images treated as photos, one photo per part and three.
 */
public final class FuseBenchmark {
  private FuseBenchmark() {}

  public static void run(Map<String, String> o, PrintStream out) throws IOException {
    Path indexDir = IndexStore.locate(Path.of(require(o, "index")));
    Path queryRun = Path.of(require(o, "queries"));
    int groupSize = Integer.parseInt(o.getOrDefault("groupSize", "3"));
    String heldOut = o.get("heldOut");
    double[] split = colonSeparated(o, "heldOut", "STRIDE:REMAINDER", 2, 2);
    if (split != null && (split[0] < 1 || split[1] < 0 || split[0] % 1 != 0 || split[1] % 1 != 0)) {
      throw new IllegalArgumentException("--heldOut must be STRIDE:REMAINDER, whole numbers with STRIDE >= 1, was '"
          + heldOut + "'");
    }
    int stride = split == null ? 1 : (int) split[0];
    int remainder = split == null ? 0 : (int) split[1];
    // --weights=W:S:T[:C] measures other fusion weights than the index's (e.g. the ones its fitting rejected).
    FusionWeights givenWeights = o.containsKey("weights") ? FusionWeights.parse(o.get("weights"), "--weights") : null;

    Map<String, float[]> vectors = readVectors(queryRun);
    List<QueryView> queries = new ArrayList<>();
    List<RenderRecord> used = new ArrayList<>();
    for (RenderRecord r : JsonLines.readAll(queryRun.resolve("records"), "renders", ".jsonl", RenderRecord.class)) {
      if (r.viewIndex() % stride != remainder || !vectors.containsKey(r.key())) continue;
      DecodedImage mask = ImageCodec.decodeGray(Files.readAllBytes(queryRun.resolve(r.mask())));
      queries.add(new QueryView(r.key(), r.partId(), r.colourCode(), vectors.get(r.key()),
          ShapeCues.of(mask.pixels(), mask.width(), mask.height())));
      used.add(r);
    }
    try (IndexStore.Opened opened = IndexStore.open(indexDir)) {
      var manifest = opened.manifest();
      out.printf("index %s: %d parts, %d reference views, model %s, %s search, weights %s%n", indexDir,
          manifest.parts(), manifest.references(), manifest.modelVersion(), manifest.searchMode(), manifest.weights());
      out.printf("queries %s: %d views%s%n", queryRun, queries.size(), heldOut == null ? "" : " (view % " + stride
          + " == " + remainder + ")");
      FusionEvaluation evaluation = new FusionEvaluation(opened.index(), manifest.ambiguousMargin());
      long start = System.nanoTime();
      FusionWeights weights = givenWeights == null ? manifest.weights() : givenWeights;
      if (givenWeights != null) out.println("weights for this bench: " + weights);
      Accuracy a = evaluation.evaluate(weights, List.of(), queries, groupSize).accuracy();
      double seconds = (System.nanoTime() - start) / 1e9;
      long colourHits = 0;
      for (int i = 0; i < queries.size(); i++) {
        float[] rgb = medianColour(queryRun, used.get(i));
        ColourCentroid c = ColourCentroid.nearest(manifest.colours(), rgb);
        if (c != null && c.code() == used.get(i).colourCode()) colourHits++;
      }
      out.printf("top-1 / top-5: embedding-only %.3f / %.3f, fused %.3f / %.3f, fused %d views %.3f / %.3f (%d groups)%n",
          a.embeddingOnly().top1(), a.embeddingOnly().top5(), a.fusedSingleView().top1(), a.fusedSingleView().top5(),
          groupSize, a.fusedMultiView().top1(), a.fusedMultiView().top5(), a.fusedMultiView().queries());
      out.printf("colour: nearest of the index's %d colours = the rendered colour for %.3f of queries%n",
          manifest.colours().size(), colourHits / (double) queries.size());
      out.println("most confused (actual → predicted, count): " + a.confusedPairs());
      out.printf("evaluation (search + fusion of every query, single and grouped): %.2f s, %.0f queries/s%n",
          seconds, queries.size() / seconds);
      // The index step's other half: the fusion weights fitted on validation views, here these views.
      long fitStart = System.nanoTime();
      Accuracy.WeightFit fit = evaluation.fit(queries, groupSize);
      double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
      out.printf("fit (fusion weights fitted on these views as validation, single and grouped): %.2f s, %.0f views/s;"
          + " best %s (%d fixed, %d broken)%n", fitSeconds, queries.size() / fitSeconds, fit.best(), fit.fixed(),
          fit.broken());

      float[][] queryVectors = queries.stream().map(QueryView::vector).toArray(float[][]::new);
      ExactSearch exact = new ExactSearch(opened.index().vectors());
      Path tmp = Files.createTempDirectory("brickbox-bench-hnsw");
      HnswSearch.Parameters parameters = manifest.hnsw() == null ? HnswSearch.Parameters.DEFAULT : manifest.hnsw();
      long buildStart = System.nanoTime();
      try (HnswSearch hnsw = HnswSearch.build(tmp, opened.index().vectors(), parameters)) {
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        double recall = RecallAtK.measure(exact, hnsw, queryVectors, 10);
        SearchTimes approximate = SearchTimes.of(hnsw, queryVectors);
        SearchTimes exhaustive = SearchTimes.of(exact, queryVectors);
        out.printf("HNSW (Lucene, M=%d, beam=%d, ef=%d): build %.2f s for %d vectors; recall@10 vs exact %.4f; "
                + "search %.0f q/s, p50 %.2f ms, p99 %.2f ms (exact %.0f q/s, p50 %.2f ms, p99 %.2f ms)%n",
            parameters.maxConnections(), parameters.beamWidth(), parameters.efSearch(), buildSeconds,
            opened.index().size(), recall, approximate.perSecond(), approximate.p50Ms(), approximate.p99Ms(),
            exhaustive.perSecond(), exhaustive.p50Ms(), exhaustive.p99Ms());
      } finally {
        FileTrees.delete(tmp);
      }
    }
    photoThroughput(o, indexDir, queryRun, used, out);
  }

  /** identify on rendered images as photos: segmentation, embedding and fusion included. */
  private static void photoThroughput(Map<String, String> o, Path indexDir, Path queryRun, List<RenderRecord> used,
      PrintStream out) throws IOException {
    int count = Math.min(used.size(), Integer.parseInt(o.getOrDefault("photos", "60")));
    List<byte[]> photos = new ArrayList<>();
    for (int i = 0; i < count; i++) photos.add(Files.readAllBytes(queryRun.resolve(used.get(i).image())));
    DjlEngine engine = new DjlEngine(o.get("djlCacheDir"), Integer.parseInt(o.getOrDefault("threads", "0")));
    try (PhotoIdentifier identifier = new PhotoIdentifier(indexDir, engine)) {
      identifier.identify(photos.subList(0, 1), List.of("warm-up"), 5);
      long start = System.nanoTime();
      for (byte[] photo : photos) identifier.identify(List.of(photo), List.of("photo"), 5);
      double single = count / ((System.nanoTime() - start) / 1e9);
      start = System.nanoTime();
      int groups = 0;
      for (int i = 0; i + 3 <= count; i += 3) {
        identifier.identify(photos.subList(i, i + 3), List.of("a", "b", "c"), 5);
        groups++;
      }
      double grouped = groups / ((System.nanoTime() - start) / 1e9);
      out.printf("identify (decode + segment + embed + search + fuse): %.1f photos/s one at a time; "
          + "%.1f three-photo queries/s (%.1f photos/s)%n", single, grouped, grouped * 3);
    }
  }

  private static float[] medianColour(Path run, RenderRecord r) {
    try {
      DecodedImage image = ImageCodec.decodeRgb(Files.readAllBytes(run.resolve(r.image())));
      DecodedImage mask = ImageCodec.decodeGray(Files.readAllBytes(run.resolve(r.mask())));
      return org.brickbox.fuse.ColourEstimate.medianRgb(image.pixels(), mask.pixels());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A run's vectors by render key, from its {@code embeddings/vectors-*} shards. */
  static Map<String, float[]> readVectors(Path run) throws IOException {
    Map<String, float[]> vectors = new TreeMap<>();
    try (Stream<Path> files = Files.list(run.resolve("embeddings"))) {
      for (Path index : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (EmbeddingRecord e : VectorShards.read(index.toAbsolutePath().toString(), key -> true)) vectors.put(e.key(), e.vector());
      }
    }
    return vectors;
  }

  /** {@code --name=a:b:...} with {@code min} to {@code max} numbers, as many as given; null when absent. */
  private static double[] colonSeparated(Map<String, String> o, String name, String form, int min, int max) {
    String v = o.get(name);
    if (v == null) return null;
    String[] parts = v.split(":", -1);
    try {
      if (parts.length < min || parts.length > max) throw new NumberFormatException();
      double[] numbers = new double[parts.length];
      for (int i = 0; i < parts.length; i++) numbers[i] = Double.parseDouble(parts[i]);
      return numbers;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be " + form + ", was '" + v + "'");
    }
  }

  private static String require(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required");
    return v;
  }
}
