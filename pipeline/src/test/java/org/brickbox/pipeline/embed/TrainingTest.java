package org.brickbox.pipeline.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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
import org.brickbox.embed.HardNegatives;
import org.brickbox.embed.ModelManifest;
import org.brickbox.embed.ModelSpec;
import org.brickbox.embed.RenderedDataset;
import org.brickbox.embed.TrainConfig;
import org.brickbox.embed.TrainingCheckpoint;
import org.brickbox.embed.Vectors;
import org.brickbox.fuse.TestPhotos;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;
import org.brickbox.pipeline.BrickBoxOptions;
import org.brickbox.pipeline.BrickBoxPipeline;
import org.brickbox.pipeline.PipelineRuns;
import org.brickbox.pipeline.RunPlan;
import org.brickbox.pipeline.cli.BrickBoxCli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a tiny rendered set (5 parts × 24 views at 64 px in one colour, render only, no augmentation, a
 * width-8 network at 48 px, 15 epochs) learns: nearest-neighbour top-1 of the held-out views (every 4th view, so
 * 30 queries over 5 parts) is well above chance (0.2; the untrained network scores 0.27 and this seed reaches 0.50
 * deterministically with one PyTorch thread), and the written model loads back through
 * {@code --model=brickbox:<dir>}. A training interrupted after an epoch resumes from its checkpoint to the same
 * bytes as one that ran through. A training started from a model ({@code --init}) keeps its accuracy.
 */
class TrainingTest {
  @TempDir static Path data;

  @BeforeAll
  static void renderTinySet() {
    Path library = PipelineRuns.installedLibrary();
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxPipeline.run(PipelineOptionsFactory.fromArgs("--ldrawDir=" + library, "--out=" + data,
        "--parts=3001,3023,3062b,2780,3040b", "--views=24", "--imageSize=64", "--colour=4", "--embed=false",
        // Flat CAD renders: what a width-8 network learns from 90 images in seconds; the trainer is under test.
        "--style=CAD")
        .withValidation().as(BrickBoxOptions.class));
  }

  @Test
  void aTinyRenderedSetTrainsAModelThatIdentifiesHeldOutViews(@TempDir Path modelDir) throws Exception {
    TrainConfig config = TrainConfig.DEFAULT.with(Map.of("inputSize", "48", "width", "8", "embeddingSize", "32",
        "epochs", "15", "batchSize", "15", "validationStride", "4", "seed", "3", "augment", "false"));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ModelManifest m = new EmbeddingTrainer(config, HardNegatives.NONE,
        new PrintStream(progress, true, StandardCharsets.UTF_8), java.time.Duration.ZERO)
        .train(RenderedDataset.load(List.of(data)), modelDir, new DjlEngine(null, 1), "test");

    String log = progress.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("epoch 15/15"), log);
    // With no interval, a line after every batch but an epoch's last (6 batches of 15): batches done, rate, ETA.
    assertTrue(log.contains("epoch  1/15  batch 1/6 (17%)  loss "), log);
    String withinEpoch = "epoch +\\d+/15  batch [1-5]/6 .* img/s  epoch ends in \\d+:\\d\\d";
    assertEquals(15 * 5, log.lines().filter(l -> l.matches(withinEpoch)).count(), log);
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

  /** Stands for a session ending: the progress stream fails right after the line announcing a checkpoint. */
  private static final class InterruptedAfterCheckpoint extends RuntimeException {}

  @Test
  void aTrainingInterruptedAfterAnEpochResumesToTheSameWeightsAsOneThatRanThrough(@TempDir Path straight,
      @TempDir Path interrupted) throws Exception {
    TrainConfig config = TrainConfig.DEFAULT.with(Map.of("inputSize", "32", "width", "8", "embeddingSize", "16",
        "epochs", "3", "batchSize", "16", "validationStride", "4", "seed", "5"));
    RenderedDataset dataset = RenderedDataset.load(List.of(data));
    ModelManifest throughOut = new EmbeddingTrainer(config, HardNegatives.NONE, new PrintStream(OutputStream.nullOutputStream()))
        .train(dataset, straight, new DjlEngine(null, 1), "test");

    PrintStream stopsAtSecondCheckpoint = new PrintStream(OutputStream.nullOutputStream()) {
      @Override
      public PrintStream printf(String format, Object... args) {
        if (format.startsWith("checkpoint") && args[0].equals(2)) throw new InterruptedAfterCheckpoint();
        return this;
      }
    };
    assertThrows(InterruptedAfterCheckpoint.class, () -> new EmbeddingTrainer(config, HardNegatives.NONE, stopsAtSecondCheckpoint)
        .train(dataset, interrupted, new DjlEngine(null, 1), "test"));
    assertFalse(Files.exists(interrupted.resolve(ModelManifest.PARAMS)), "no model before training ends");
    assertEquals("epoch-0002", Files.readString(interrupted.resolve("checkpoint/latest")).trim());

    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ModelManifest resumed = new EmbeddingTrainer(config, HardNegatives.NONE, new PrintStream(progress, true, StandardCharsets.UTF_8))
        .train(dataset, interrupted, new DjlEngine(null, 1), "test");
    String log = progress.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("resuming after epoch 2 of 3") && !log.contains("epoch  1/3") && log.contains("epoch  3/3"),
        log);
    // Weights, batch-norm statistics, optimizer moments, step count and schedule all carried over: the same bytes.
    assertEquals(throughOut.version(), resumed.version());
    assertArrayEquals(Files.readAllBytes(straight.resolve(ModelManifest.PARAMS)),
        Files.readAllBytes(interrupted.resolve(ModelManifest.PARAMS)));
    assertEquals(throughOut.trainImages(), resumed.trainImages());
    assertFalse(Files.exists(interrupted.resolve(TrainingCheckpoint.DIR)), "the checkpoint is removed at the end");
  }

  @Test
  void aCheckpointOfOtherSettingsIsRefusedNamingTheDifferenceAndTheWayOut(@TempDir Path modelDir) throws Exception {
    TrainConfig config = TrainConfig.DEFAULT.with(Map.of("inputSize", "32", "width", "8", "embeddingSize", "16",
        "epochs", "2", "batchSize", "16", "validationStride", "4", "seed", "5"));
    RenderedDataset dataset = RenderedDataset.load(List.of(data));
    PrintStream stopsAtFirstCheckpoint = new PrintStream(OutputStream.nullOutputStream()) {
      @Override
      public PrintStream printf(String format, Object... args) {
        if (format.startsWith("checkpoint")) throw new InterruptedAfterCheckpoint();
        return this;
      }
    };
    assertThrows(InterruptedAfterCheckpoint.class, () -> new EmbeddingTrainer(config, HardNegatives.NONE, stopsAtFirstCheckpoint)
        .train(dataset, modelDir, new DjlEngine(null, 1), "test"));

    TrainConfig otherSeed = config.with(Map.of("seed", "6"));
    var refused = assertThrows(IllegalStateException.class, () -> new EmbeddingTrainer(otherSeed, HardNegatives.NONE,
        new PrintStream(OutputStream.nullOutputStream())).train(dataset, modelDir, new DjlEngine(null, 1), "test"));
    assertTrue(refused.getMessage().contains("seed=5") && refused.getMessage().contains("--restart"),
        refused.getMessage());
    assertTrue(Files.exists(modelDir.resolve("checkpoint/epoch-0001/net.params")), "a refused resume keeps it");
  }

  @Test
  void aTrainingStartedFromAModelKeepsWhatItLearntAndNamesWhereItStarted(@TempDir Path base, @TempDir Path tuned,
      @TempDir Path fresh) throws Exception {
    TrainConfig config = TrainConfig.DEFAULT.with(Map.of("inputSize", "48", "width", "8", "embeddingSize", "32",
        "epochs", "15", "batchSize", "15", "validationStride", "4", "seed", "3", "augment", "false"));
    RenderedDataset dataset = RenderedDataset.load(List.of(data));
    ModelManifest start = new EmbeddingTrainer(config, HardNegatives.NONE, new PrintStream(OutputStream.nullOutputStream()))
        .train(dataset, base, new DjlEngine(null, 1), "test");

    // One short epoch at a low rate: from the model it keeps its features and its imprinted centres already
    // classify the training views; from a random start it has learnt next to nothing.
    TrainConfig oneEpoch = config.with(Map.of("epochs", "1", "lr", "0.0003", "seed", "4"));
    ByteArrayOutputStream tunedLog = new ByteArrayOutputStream();
    // In a thread of its own: PyTorch's grad mode is per thread and on everywhere but where the engine started.
    java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
    ModelManifest fromModel;
    try {
      fromModel = thread.submit(() -> new EmbeddingTrainer(oneEpoch.with(Map.of("init", "brickbox:" + base)),
          HardNegatives.NONE, new PrintStream(tunedLog, true, StandardCharsets.UTF_8)).train(dataset, tuned, new DjlEngine(null, 1), "test"))
          .get();
    } finally {
      thread.shutdown();
    }
    ModelManifest fromScratch = new EmbeddingTrainer(oneEpoch, HardNegatives.NONE, new PrintStream(OutputStream.nullOutputStream()))
        .train(dataset, fresh, new DjlEngine(null, 1), "test");

    String log = tunedLog.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("starting from brickbox:" + base + " (" + start.version() + ", 48 px; training at 48 px)"),
        log);
    java.util.regex.Matcher acc = java.util.regex.Pattern.compile("train acc ([0-9.]+)").matcher(log);
    assertTrue(acc.find() && Double.parseDouble(acc.group(1)) >= 0.9, "imprinted centres classify from the first step: "
        + log);
    assertEquals(start.version(), fromModel.initialisedFrom());
    assertEquals(null, fromScratch.initialisedFrom());
    assertTrue(fromModel.valTop1() >= start.valTop1() - 0.1 && fromModel.valTop1() > fromScratch.valTop1() + 0.1,
        "fine-tuned " + fromModel.valTop1() + ", its start " + start.valTop1() + ", one epoch from scratch "
            + fromScratch.valTop1() + "\n" + log);

    var refused = assertThrows(IllegalArgumentException.class, () -> new EmbeddingTrainer(
        oneEpoch.with(Map.of("init", "brickbox:" + base, "width", "16")), HardNegatives.NONE, new PrintStream(OutputStream.nullOutputStream()))
        .train(dataset, fresh, new DjlEngine(null, 1), "test"));
    assertTrue(refused.getMessage().contains("width 8") && refused.getMessage().contains("--width"),
        refused.getMessage());

    // The same start at a larger input size: the convolutional parameters load unchanged and the imprinted centres
    // still classify, so a model can be fine-tuned to finer detail; the written model records its new size.
    ByteArrayOutputStream largerLog = new ByteArrayOutputStream();
    ModelManifest larger = new EmbeddingTrainer(oneEpoch.with(Map.of("init", "brickbox:" + base, "inputSize", "64")),
        HardNegatives.NONE, new PrintStream(largerLog, true, StandardCharsets.UTF_8), java.time.Duration.ZERO)
        .train(dataset, fresh.resolve("larger"), new DjlEngine(null, 1), "test");
    String largerText = largerLog.toString(StandardCharsets.UTF_8);
    assertTrue(largerText.contains("(" + start.version() + ", 48 px; training at 64 px)"), largerText);
    // The passes over every view before and after the epochs (half an hour each over 1,000 parts) say how far they
    // are, chunk by chunk of 64 images with no interval: the 90 training views imprinted, then 90 + 30 embedded.
    assertTrue(largerText.matches("(?s).*train: imprinting class centres from the training views: 64/90 images \\(71%\\)"
        + "  \\d+ img/s  ends in \\d+:\\d\\d\n.*"), largerText);
    for (String done : List.of("64/120 images (53%)", "90/120 images (75%)")) {
      assertTrue(largerText.contains("train: validation: embedding the training and held-out views: " + done), largerText);
    }
    assertEquals(64, larger.inputSize());
    assertEquals(start.version(), larger.initialisedFrom());
    assertTrue(larger.valTop1() > fromScratch.valTop1() + 0.1, "fine-tuned at 64 px " + larger.valTop1()
        + ", one epoch from scratch " + fromScratch.valTop1() + "\n" + largerText);

    // The same start deepened to two blocks in the last two stages: the added blocks start as the identity, so the
    // imprinted centres classify from the first step as they do without deepening; the model written is the deeper
    // network, names it and loads as one; and it cannot be the start of a shallower training.
    ByteArrayOutputStream deeperLog = new ByteArrayOutputStream();
    Path deeperDir = fresh.resolve("deeper");
    ModelManifest deeper = new EmbeddingTrainer(oneEpoch.with(Map.of("init", "brickbox:" + base, "blocks", "1,1,2,2")),
        HardNegatives.NONE, new PrintStream(deeperLog, true, StandardCharsets.UTF_8), java.time.Duration.ZERO)
        .train(dataset, deeperDir, new DjlEngine(null, 1), "test");
    String deeperText = deeperLog.toString(StandardCharsets.UTF_8);
    assertTrue(deeperText.contains("(" + start.version() + ", 48 px; training at 48 px), deepened from resnet-mini-4x1 "
        + "to resnet-mini-blocks-1-1-2-2 (each added block starts as the identity)"), deeperText);
    java.util.regex.Matcher firstAcc = java.util.regex.Pattern.compile("train acc ([0-9.]+)").matcher(deeperText);
    assertTrue(firstAcc.find() && Double.parseDouble(firstAcc.group(1)) >= 0.9,
        "the deepened network's imprinted centres classify from the first step: " + deeperText);
    assertEquals("resnet-mini-blocks-1-1-2-2", deeper.architecture());
    assertTrue(deeper.valTop1() > fromScratch.valTop1() + 0.1, "deepened " + deeper.valTop1() + ", one epoch from "
        + "scratch " + fromScratch.valTop1() + "\n" + deeperText);
    try (EmbeddingModel loaded = EmbeddingModel.load(ModelSpec.parse("brickbox:" + deeperDir), new DjlEngine(null, 1))) {
      assertEquals(deeper.version(), loaded.version());
    }
    var shallower = assertThrows(IllegalArgumentException.class, () -> new EmbeddingTrainer(
        oneEpoch.with(Map.of("init", "brickbox:" + deeperDir)), HardNegatives.NONE,
        new PrintStream(OutputStream.nullOutputStream())).train(dataset, fresh.resolve("shallower"),
        new DjlEngine(null, 1), "test"));
    assertTrue(shallower.getMessage().contains("resnet-mini-blocks-1-1-2-2")
        && shallower.getMessage().contains("--blocks=1,1,2,2"), shallower.getMessage());
  }

  /**
   * {@code train --photos}: a user's labelled photos train beside the renders: a part known only from photos
   * becomes a class, every usable photo's crops are samples repeated --photoRepeat times, the photos' hashes are in
   * the model's record, and unusable files are reported while the training goes on.
   */
  @Test
  void labelledPhotosTrainBesideTheRendersAndAreRecordedInTheModel(@TempDir Path photos, @TempDir Path modelDir,
      @TempDir Path runOut) throws Exception {
    LDrawLibrary library = LDrawLibrary.shared(PipelineRuns.installedLibrary());
    List<String> usable = List.of("3001/a_1.jpg", "3001/b_1.jpg", "99999/x_1.jpg");
    List<String> hashes = new java.util.ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      Path file = photos.resolve(usable.get(i));
      Files.createDirectories(file.getParent());
      String part = i < 2 ? "3001" : "6141";
      Files.write(file, TestPhotos.jpeg(TestPhotos.onBackdrop(TestPhotos.render(library, part, 1, 1 + 2 * i), 320,
          240, 80, 40)));
      hashes.add(Hashes.sha256Hex(Files.readAllBytes(file)));
    }
    Files.write(photos.resolve("3001/broken_1.jpg"), new byte[] {1, 2, 3});
    Files.writeString(photos.resolve("3001/notes.txt"), "mine");

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
    int code = new BrickBoxCli(out, out).execute(new String[] {"train", "--data=" + data, "--out=" + modelDir,
        "--photos=" + photos, "--photoRepeat=3", "--inputSize=32", "--width=8", "--embeddingSize=16", "--epochs=1",
        "--batchSize=16", "--validationStride=4", "--seed=5", "--threads=1"});
    String log = text.toString(StandardCharsets.UTF_8);
    assertEquals(BrickBoxCli.OK, code, log);
    assertTrue(log.contains("unusable photo " + photos.resolve("3001/broken_1.jpg")), log);
    assertTrue(log.contains("skipped " + photos.resolve("3001/notes.txt")), log);
    assertTrue(log.contains("train: 3 labelled photos from " + photos + " (1 unusable)"), log);

    ModelManifest m = Json.read(Files.readAllBytes(modelDir.resolve(ModelManifest.FILE)), ModelManifest.class);
    assertEquals(hashes.stream().sorted().toList(), m.trainedPhotos());
    assertEquals(List.of("2780", "3001", "3023", "3040b", "3062b", "99999"), m.classes(), "a part known from photos");
    int photoSamples = m.trainImages() - 90;
    assertTrue(photoSamples >= 3 * 2 * 3 && photoSamples % 3 == 0, "each of 2-3 crops of 3 photos, 3 times: "
        + photoSamples);
    assertEquals(30, m.validationImages(), "photos train, never validate");

    // A run with that model and those photos, one more beside them: the photo weight's fit is told which photos the
    // model was trained on, so that it does not query them (FusionEvaluation.fitPhotoWeight).
    Files.createDirectories(photos.resolve("3023"));
    Files.write(photos.resolve("3023/new_1.jpg"), TestPhotos.jpeg(TestPhotos.onBackdrop(TestPhotos.render(library,
        "3023", 1, 2), 320, 240, 80, 40)));
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    RunPlan plan = RunPlan.from(PipelineOptionsFactory.fromArgs("--ldrawDir=" + PipelineRuns.installedLibrary(),
        "--out=" + runOut, "--parts=3001,3023", "--model=brickbox:" + modelDir, "--photos=" + photos)
        .as(BrickBoxOptions.class));
    assertEquals(List.of("photo/3001/a_1.jpg", "photo/3001/b_1.jpg", "photo/99999/x_1.jpg"),
        plan.fuse().trainedPhotos());
  }
}

