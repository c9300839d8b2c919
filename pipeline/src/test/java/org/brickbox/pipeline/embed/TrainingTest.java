package org.brickbox.pipeline.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.Embedder;
import org.brickbox.embed.EmbeddingModel;
import org.brickbox.embed.EmbeddingTrainer;
import org.brickbox.embed.ModelManifest;
import org.brickbox.embed.ModelSpec;
import org.brickbox.embed.RenderedDataset;
import org.brickbox.embed.TrainConfig;
import org.brickbox.embed.Vectors;
import org.brickbox.pipeline.BrickBoxOptions;
import org.brickbox.pipeline.BrickBoxPipeline;
import org.brickbox.pipeline.PipelineRuns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a tiny rendered set (5 parts × 24 views at 64 px in one colour, render only, no augmentation, a
 * width-8 network at 48 px, 15 epochs) learns: nearest-neighbour top-1 of the held-out views (every 4th view, so
 * 30 queries over 5 parts) is well above chance (0.2; the untrained network scores 0.27 and this seed reaches 0.50
 * deterministically with one PyTorch thread), and the written model loads back through
 * {@code --model=brickbox:<dir>}.
 */
class TrainingTest {

  @Test
  void aTinyRenderedSetTrainsAModelThatIdentifiesHeldOutViews(@TempDir Path data, @TempDir Path modelDir)
      throws Exception {
    Path library = PipelineRuns.installedLibrary();
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxPipeline.run(PipelineOptionsFactory.fromArgs("--ldrawDir=" + library, "--out=" + data,
        "--parts=3001,3023,3062b,2780,3040b", "--views=24", "--imageSize=64", "--colour=4", "--embed=false")
        .withValidation().as(BrickBoxOptions.class));

    TrainConfig config = TrainConfig.DEFAULT.with(Map.of("inputSize", "48", "width", "8", "embeddingSize", "32",
        "epochs", "15", "batchSize", "15", "validationStride", "4", "seed", "3", "augment", "false"));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ModelManifest m = new EmbeddingTrainer(config, new PrintStream(progress, true, StandardCharsets.UTF_8))
        .train(RenderedDataset.load(List.of(data)), modelDir, new DjlEngine(null, 1), "test");

    String log = progress.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("epoch 15/15"), log);
    assertEquals(90, m.trainImages());
    assertEquals(30, m.validationImages());
    assertTrue(m.valTop1() >= 0.45, "validation top-1 " + m.valTop1() + " should be well above chance (0.2):\n" + log);
    assertEquals(List.of("2780", "3001", "3023", "3040b", "3062b"), m.classes());
    assertTrue(Files.size(modelDir.resolve(ModelManifest.PARAMS)) > 0);

    try (EmbeddingModel model = EmbeddingModel.load(ModelSpec.parse("brickbox:" + modelDir), new DjlEngine(null, 1));
        Embedder embedder = model.newEmbedder()) {
      assertEquals(m.version(), model.version());
      float[] v = embedder.embed(List.of(RenderedDataset.load(List.of(data)).samples().get(0).image())).get(0);
      assertEquals(32, v.length);
      assertEquals(1.0, Vectors.norm(v), 1e-5);
    }
  }
}
