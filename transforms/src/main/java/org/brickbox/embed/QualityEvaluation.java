package org.brickbox.embed;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.brickbox.io.image.DecodedImage;

/**
 * The quality bar: held-out views of parts, rendered in colours the model never saw, identified by nearest
 * neighbour among the training views. Gallery = views with {@code viewIndex % stride != stride - 1} of the gallery
 * runs; queries = views with {@code viewIndex % stride == stride - 1} of the query runs.
 */
public final class QualityEvaluation {
  private QualityEvaluation() {}

  public static NearestNeighbours.Result run(EmbeddingModel model, List<Path> galleryDirs, List<Path> queryDirs,
      int stride, PrintStream out) {
    List<RenderedDataset.Sample> gallery = new ArrayList<>();
    for (RenderedDataset.Sample s : RenderedDataset.load(galleryDirs).samples()) {
      if (s.entry().viewIndex() % stride != stride - 1) gallery.add(s);
    }
    List<RenderedDataset.Sample> queries = new ArrayList<>();
    for (RenderedDataset.Sample s : RenderedDataset.load(queryDirs).samples()) {
      if (s.entry().viewIndex() % stride == stride - 1) queries.add(s);
    }
    try (Embedder embedder = model.newEmbedder()) {
      List<float[]> g = embedAll(embedder, gallery);
      List<float[]> q = embedAll(embedder, queries);
      NearestNeighbours.Result r = NearestNeighbours.evaluate(g, gallery.stream().map(s -> s.entry().partId()).toList(),
          q, queries.stream().map(s -> s.entry().partId()).toList());
      out.printf("quality: model %s, %d gallery views, %d held-out query views: NN top-1 %.3f, top-5 %.3f%n",
          model.version(), gallery.size(), queries.size(), r.top1(), r.top5());
      return r;
    }
  }

  private static List<float[]> embedAll(Embedder embedder, List<RenderedDataset.Sample> samples) {
    List<float[]> out = new ArrayList<>();
    for (int b = 0; b < samples.size(); b += 64) {
      List<DecodedImage> batch = samples.subList(b, Math.min(samples.size(), b + 64)).stream()
          .map(RenderedDataset.Sample::image).toList();
      out.addAll(embedder.embed(batch));
    }
    return out;
  }
}
