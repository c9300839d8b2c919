package org.brickbox.stages.fuse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.brickbox.beam.OperationLogs;
import org.brickbox.beam.StageResult;
import org.brickbox.fuse.Accuracy;
import org.brickbox.fuse.ColourCentroid;
import org.brickbox.fuse.ExactSearch;
import org.brickbox.fuse.FusionEvaluation;
import org.brickbox.fuse.HnswSearch;
import org.brickbox.fuse.PartScore;
import org.brickbox.fuse.QueryView;
import org.brickbox.fuse.ReferenceIndex;
import org.brickbox.fuse.ReferenceView;
import org.brickbox.fuse.ShapeCues;
import org.brickbox.fuse.VectorSearch;
import org.brickbox.fuse.ViewRole;
import org.brickbox.io.files.FileTrees;
import org.brickbox.io.records.Json;
import org.brickbox.io.records.OperationLogRecord.Status;

/**
 * Builds the run's reference index from every view at once (one worker: an index is one structure), writes it to
 * {@code OUT/index/}, fits the fusion weights on the validation views and identifies the query views. Emits a
 * record per query, the manifest's {@code accuracy} section and the files it wrote.
 */
final class BuildIndexFn extends DoFn<KV<Integer, Iterable<FuseView>>, FuseQueryRecord> {
  private final FuseConfig config;

  BuildIndexFn(FuseConfig config) {
    this.config = config;
  }

  @ProcessElement
  public void process(@Element KV<Integer, Iterable<FuseView>> element, MultiOutputReceiver out) {
    long start = System.nanoTime();
    List<FuseView> all = new ArrayList<>();
    element.getValue().forEach(all::add);
    all.sort(Comparator.comparing(v -> v.cues().key()));
    try {
      build(all, out, start);
    } catch (RuntimeException | IOException e) {
      out.get(StageResult.FAILURES).output(OperationLogs.failure(FuseStage.NAME, "index", IndexStore.dirOf(config.outputDir()), e));
      out.get(StageResult.LOGS).output(OperationLogs.record(FuseStage.NAME, "build_index", "index", Status.FAILED,
          start, Map.of("views", all.size()), OperationLogs.describe(e)));
    }
  }

  private void build(List<FuseView> all, MultiOutputReceiver out, long start) throws IOException {
    Map<String, Integer> viewsPerPart = new TreeMap<>();
    Map<String, String> descriptions = new TreeMap<>();
    for (FuseView v : all) {
      if (v.cues().photo()) continue;
      viewsPerPart.merge(v.cues().partId(), v.cues().viewIndex() + 1, Math::max);
      descriptions.putIfAbsent(v.cues().partId(), v.cues().description());
    }
    Map<String, ViewRole[]> roles = new LinkedHashMap<>();
    viewsPerPart.forEach((part, views) -> roles.put(part, ViewRole.split(part, views, config.queryViews(),
        config.validationViews(), config.splitSeed())));

    List<ReferenceView> references = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    List<QueryView> validation = new ArrayList<>();
    List<QueryView> queries = new ArrayList<>();
    Map<String, FuseView> byKey = new TreeMap<>();
    String modelVersion = all.isEmpty() ? null : all.get(0).modelVersion();
    Map<String, String> captureOfPhoto = new TreeMap<>();
    for (FuseView v : all) {
      ViewCues c = v.cues();
      if (!v.modelVersion().equals(modelVersion)) {
        throw new IllegalStateException("views were embedded by two models (" + modelVersion + ", "
            + v.modelVersion() + "): an index holds vectors of one model");
      }
      byKey.put(c.key(), v);
      if (c.photo()) {
        // A user's photo is always a reference: of a part the renders show, or of one only photos know.
        references.add(new ReferenceView(c.key(), c.partId(), descriptions.getOrDefault(c.partId(), c.partId()), -1,
            -1, c.shape(), true, size(c)));
        vectors.add(v.vector());
        captureOfPhoto.put(c.key(), c.capture());
        continue;
      }
      switch (roles.get(c.partId())[c.viewIndex()]) {
        case REFERENCE -> {
          references.add(new ReferenceView(c.key(), c.partId(), c.description(), c.colourCode(), c.viewIndex(), c.shape(),
              false, size(c)));
          vectors.add(v.vector());
        }
        case VALIDATION -> validation.add(new QueryView(c.key(), c.partId(), c.colourCode(), v.vector(), c.shape()));
        case QUERY -> queries.add(new QueryView(c.key(), c.partId(), c.colourCode(), v.vector(), c.shape()));
      }
    }
    if (references.isEmpty()) throw new IllegalStateException("no reference views: nothing to index");
    float[][] matrix = vectors.toArray(new float[0][]);
    String mode = config.searchFor(matrix.length);
    Path hnswDir = mode.equals("hnsw") ? Files.createTempDirectory("brickbox-hnsw") : null;
    try {
      VectorSearch search = hnswDir != null ? HnswSearch.build(hnswDir, matrix, config.hnsw()) : new ExactSearch(matrix);
      try (ReferenceIndex index = new ReferenceIndex(references, matrix, search)) {
        long built = System.nanoTime();
        FusionEvaluation.Result result = new FusionEvaluation(index, config.ambiguousMargin())
            .evaluate(validation, queries, config.groupSize(), captureOfPhoto, Set.copyOf(config.trainedPhotos()));
        List<ColourCentroid> colours = colourCentroids(references, byKey);
        long colourHits = 0;
        for (FusionEvaluation.QueryOutcome o : result.outcomes()) {
          FuseView v = byKey.get(o.view().key());
          ColourCentroid colour = ColourCentroid.nearest(colours, v.cues().rgb());
          if (colour != null && colour.code() == v.cues().colourCode()) colourHits++;
          out.get(FuseStage.QUERIES).output(new FuseQueryRecord(o.view().key(), o.view().partId(),
              o.view().colourCode(), v.cues().viewIndex(), o.fused().best(), o.fused().rankOf(o.view().partId()),
              o.embeddingRank(), o.fused().ambiguous(), round(o.fused().margin()), colour == null ? null : colour.code(),
              o.fused().candidates().stream().map(BuildIndexFn::rounded).toList()));
        }
        Accuracy accuracy = result.accuracy()
            .withColourTop1(queries.isEmpty() ? null : (double) colourHits / queries.size());
        IndexManifest manifest = new IndexManifest(IndexManifest.FORMAT_VERSION, config.runId(),
            all.get(0).model(), modelVersion, matrix[0].length, index.parts(), matrix.length, mode, config.hnsw(),
            accuracy.weights(), config.ambiguousMargin(), index.shapeScale(), colours, medianFill(references, byKey),
            config.imageSize(), index.photoComparison(), IndexManifest.SIZE_ALONG_PART);
        for (String file : IndexStore.write(IndexStore.dirOf(config.outputDir()), manifest, references, matrix, hnswDir)) {
          out.get(FuseStage.FILES).output(file);
        }
        out.get(FuseStage.SECTION).output(KV.of("accuracy", Json.line(accuracy)));
        out.get(StageResult.LOGS).output(OperationLogs.record(FuseStage.NAME, "build_index", "index", Status.OK, start,
            Map.of("references", matrix.length, "photos", captureOfPhoto.size(), "parts", index.parts(), "search", mode,
                "buildMs", (built - start) / 1_000_000), null));
        out.get(StageResult.LOGS).output(OperationLogs.record(FuseStage.NAME, "evaluate", "index", Status.OK, built,
            Map.of("queries", queries.size(), "validation", validation.size(),
                "fusedTop1", accuracy.fusedSingleView().top1(), "embeddingTop1", accuracy.embeddingOnly().top1()),
            null));
      }
    } finally {
      if (hnswDir != null) deleteRecursively(hnswDir);
    }
  }

  /**
   * Scores in the records are rounded to 1e-4, the precision they mean something to; rounding does not make
   * records of noisy vectors equal (a value near a rounding edge still flips), which is why the embed stage gives
   * the same vector bits whatever the batching ({@link org.brickbox.embed.Embedder#embedInPassesOf}).
   */
  private static PartScore rounded(PartScore p) {
    return new PartScore(p.partId(), p.description(), round(p.score()), round(p.embedding()), round(p.shape()));
  }

  /** The view's size in millimetres as the index stores it, or null where unknown. */
  private static Double size(ViewCues c) {
    return Double.isFinite(c.sizeMm()) && c.sizeMm() > 0 ? round(c.sizeMm()) : null;
  }

  private static double round(double value) {
    return Math.round(value * 1e4) / 1e4;
  }

  /** Per colour of the reference views, the mean of their measured colours. */
  private static List<ColourCentroid> colourCentroids(List<ReferenceView> references, Map<String, FuseView> byKey) {
    Map<Integer, double[]> sums = new TreeMap<>();
    Map<Integer, String> names = new TreeMap<>();
    for (ReferenceView r : references) {
      if (r.photo()) continue; // a photo's colour is measured under the user's light, not the renders'
      ViewCues c = byKey.get(r.key()).cues();
      double[] sum = sums.computeIfAbsent(c.colourCode(), k -> new double[4]);
      for (int i = 0; i < 3; i++) sum[i] += c.rgb()[i];
      sum[3]++;
      names.putIfAbsent(c.colourCode(), c.colourName());
    }
    List<ColourCentroid> centroids = new ArrayList<>();
    sums.forEach((code, sum) -> centroids.add(new ColourCentroid(code, names.get(code),
        new float[] {(float) (sum[0] / sum[3]), (float) (sum[1] / sum[3]), (float) (sum[2] / sum[3])})));
    return centroids;
  }

  private static double medianFill(List<ReferenceView> references, Map<String, FuseView> byKey) {
    return ShapeCues.medianFill(references.stream().filter(r -> !r.photo())
        .mapToDouble(r -> byKey.get(r.key()).cues().fill()).toArray());
  }

  private static void deleteRecursively(Path dir) {
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary HNSW directory " + dir, e);
    }
  }
}
