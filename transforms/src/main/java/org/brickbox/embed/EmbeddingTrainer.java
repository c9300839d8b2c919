package org.brickbox.embed;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.brickbox.io.image.DecodedImage;
import org.brickbox.io.records.Hashes;
import org.brickbox.io.records.Json;

/**
 * Trains the built-in embedding network on a rendered dataset: normalised-softmax (CosFace: scale s, additive
 * margin m on the true part's cosine) over the parts, AdamW with a cosine learning-rate schedule, augmentation
 * from {@link Augmenter}. Holds out views by index (see {@link TrainConfig#validationStride()}) and reports
 * nearest-neighbour top-1/top-5 of those views against the training views. Writes {@code embedder.params} and
 * {@code model_manifest.json}.
 *
 * <p>Determinism: the seed fixes parameter initialisation (PyTorch's generator via DJL), the sample order and
 * every augmentation; with a fixed PyTorch thread count ({@code ai.djl.pytorch.num_threads}) CPU training
 * repeats exactly on the same machine. PyTorch may pick different kernels on other CPUs or thread counts, and
 * CUDA convolutions are not bit-reproducible, so weights then differ slightly.
 */
public final class EmbeddingTrainer {
  private final TrainConfig config;
  private final HardNegatives hardNegatives;
  private final PrintStream progress;
  /** Whether oneDNN's kernels train this network (decided on the first batch, see {@link #step}); null: not yet. */
  private Boolean oneDnn;
  /** Batches whose oneDNN step was not finite and was computed again with ATen's kernels. */
  private int recomputed;
  /** How often a line reports progress within an epoch (an epoch over 1,000 parts is half an hour on 2 cores). */
  private final long progressIntervalNanos;

  /**
   * @param hardNegatives pairs of training classes (indices into the dataset's sorted parts) whose separation gets
   *     the extra margin {@link TrainConfig#hardMargin()}; {@link HardNegatives#NONE} for plain CosFace
   */
  public EmbeddingTrainer(TrainConfig config, HardNegatives hardNegatives, PrintStream progress) {
    this(config, hardNegatives, progress, Duration.ofMinutes(1));
  }

  /** @param progressInterval how often a line within an epoch reports batches done, loss, accuracy, rate and ETA */
  public EmbeddingTrainer(TrainConfig config, HardNegatives hardNegatives, PrintStream progress,
      Duration progressInterval) {
    this.config = config;
    this.hardNegatives = hardNegatives;
    this.progress = progress;
    this.progressIntervalNanos = progressInterval.toNanos();
  }

  public ModelManifest train(RenderedDataset data, Path outDir, DjlEngine djl, String command) throws IOException {
    long started = System.nanoTime();
    Engine engine = djl.start();
    Device device = djl.device();
    engine.setRandomSeed((int) config.seed());
    List<String> classes = data.classes();
    List<RenderedDataset.Sample> train = new ArrayList<>();
    List<RenderedDataset.Sample> val = new ArrayList<>();
    for (RenderedDataset.Sample s : data.samples()) {
      boolean held = config.validationStride() > 1
          && s.entry().viewIndex() % config.validationStride() == config.validationStride() - 1;
      (held ? val : train).add(s);
    }
    if (train.isEmpty()) throw new IllegalArgumentException("no training views left after the validation split");
    int size = config.inputSize();
    Preprocessing pre = Preprocessing.builtin(size);
    progress.printf("train: %d parts, %d training images, %d validation images (views %% %d == %d), %d px, "
            + "%d epochs, batch %d, device %s%n", classes.size(), train.size(), val.size(), config.validationStride(),
        config.validationStride() - 1, size, config.epochs(), config.batchSize(), device);
    if (!hardNegatives.isEmpty()) progress.println("train: " + hardNegatives.describe(config.hardMargin()));

    SequentialBlock embedder = EmbeddingNet.embedder(config.width(), config.embeddingSize(), config.blocks());
    SequentialBlock net = EmbeddingNet.training(embedder, classes.size(), config.embeddingSize());
    int stepsPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
    int steps = config.epochs() * stepsPerEpoch;
    int warmUp = (int) Math.min(steps / 2, Math.round(config.warmUpEpochs() * stepsPerEpoch));
    Tracker cosine = Tracker.cosine().setBaseValue((float) config.learningRate())
        .optFinalValue((float) config.learningRate() * 0.01f).setMaxUpdates(Math.max(1, steps - warmUp)).build();
    Tracker lr = warmUp == 0 ? cosine : Tracker.warmUp().setMainTracker(cosine).optWarmUpSteps(warmUp).build();
    String dataHash = data.snapshotHash();
    TrainingCheckpoint.Loaded resumed = resumable(outDir, dataHash);
    int firstEpoch = resumed == null ? 0 : resumed.state().epochsDone();
    int stepsDone = resumed == null ? 0 : resumed.state().stepsDone();
    double trainSeconds = resumed == null ? 0 : resumed.state().trainSeconds();
    long imagesSeen = resumed == null ? 0 : resumed.state().imagesSeen();
    double earlierSessionsSeconds = trainSeconds; // this session's set-up and evaluation time is added at the end
    if (resumed != null) {
      progress.printf("train: resuming after epoch %d of %d from %s%n", firstEpoch, config.epochs(), resumed.folder());
    }
    ResumableAdamW optimizer = ResumableAdamW.create(net, lr, (float) config.weightDecay(), stepsDone,
        resumed == null ? null : resumed.optimizer());
    Augmenter augmenter = new Augmenter(size, config.backgroundSwap());
    StartingModel start = StartingModel.of(config);
    if (start != null && resumed == null) {
      progress.printf("train: starting from %s (%s, %d px; training at %d px)%s, class centres imprinted from the "
          + "training views%n", config.init(), start.manifest().version(), start.manifest().inputSize(), size,
          start.deepened(config) ? ", deepened from " + start.manifest().architecture() + " to "
              + EmbeddingNet.architecture(config.blocks()) + " (each added block starts as the identity)" : "");
    }
    NearestNeighbours.Result result = new NearestNeighbours.Result(0, 0, 0);
    byte[] params;
    try (Model model = Model.newInstance(config.name(), device, DjlEngine.ENGINE)) {
      model.setBlock(net);
      if (resumed != null) {
        try {
          net.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(resumed.net())));
        } catch (ai.djl.MalformedModelException e) {
          throw new IOException("training checkpoint " + resumed.folder() + " does not fit this network: "
              + e.getMessage() + "; delete " + outDir.resolve(TrainingCheckpoint.DIR) + " to start over", e);
        }
      }
      if (resumed == null && start != null && !start.deepened(config)) {
        try (InputStream in = EmbeddingModel.parameters(start.spec())) {
          embedder.loadParameters(model.getNDManager(), new DataInputStream(in));
        } catch (ai.djl.MalformedModelException e) {
          throw new IOException("--init=" + config.init() + " does not fit this network: " + e.getMessage(), e);
        }
      }
      DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
          .optOptimizer(optimizer).optDevices(new Device[] {device});
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(new Shape(config.batchSize(), 3, size, size));
        if (resumed == null && start != null && start.deepened(config)) {
          deepenFrom(start, embedder, model.getNDManager(), size);
        }
        if (resumed == null && start != null) {
          imprintCentres(net, embedder, model.getNDManager(), train, classes, pre,
              passProgress("imprinting class centres from the training views"));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) order.add(i);
        // Each epoch shuffles the previous epoch's order: replay the epochs a resumed run skips.
        for (int epoch = 0; epoch < firstEpoch; epoch++) shuffle(order, epoch);
        for (int epoch = firstEpoch; epoch < config.epochs(); epoch++) {
          long epochStart = System.nanoTime();
          shuffle(order, epoch);
          double lossSum = 0;
          int correct = 0;
          int skipped = 0;
          int recomputedBefore = recomputed;
          int imagesThisEpoch = 0;
          long lastReport = epochStart;
          for (int b = 0; b < order.size(); b += config.batchSize()) {
            int n = Math.min(config.batchSize(), order.size() - b);
            if (n < 2) continue; // batch norm needs two samples
            float[] x = new float[n * 3 * size * size];
            int[] y = new int[n];
            int batchStart = b;
            int batchEpoch = epoch;
            // Decoding and augmenting are per image with their own seeded random: in parallel, same result.
            IntStream.range(0, n).parallel().forEach(i -> {
              int idx = order.get(batchStart + i);
              RenderedDataset.Sample s = train.get(idx);
              SplittableRandom r = new SplittableRandom(
                  config.seed() ^ (batchEpoch * 0x9E3779B97F4A7C15L) ^ (idx * 0xC2B2AE3D27D4EB4FL));
              DecodedImage image = s.image();
              float[] chw = config.augment()
                  ? Preprocessing.normalise(augmenter.apply(image.pixels(), s.mask(), image.width(), image.height(), r),
                      size, pre.mean(), pre.std())
                  : pre.apply(image);
              System.arraycopy(chw, 0, x, i * 3 * size * size, 3 * size * size);
              y[i] = Collections.binarySearch(classes, s.entry().partId());
            });
            BatchOutcome outcome = step(trainer, x, y, size, classes.size());
            if (outcome.finite()) {
              stepsDone++;
              lossSum += outcome.loss() * n;
              correct += outcome.correct();
            } else if (++skipped <= Math.max(3, stepsPerEpoch / 100)) {
              progress.printf("epoch %d, batch %d: skipped, %s is not finite; images %s%n", epoch + 1,
                  b / config.batchSize() + 1, outcome.problem(), batchKeys(train, order, b, n));
            } else {
              throw new IllegalStateException("training diverged at epoch " + (epoch + 1) + " (" + skipped
                  + " batches with a non-finite loss or gradient); nothing was written to " + outDir
                  + "; retry with a lower --lr, a longer --warmUpEpochs or another --seed");
            }
            imagesSeen += n;
            imagesThisEpoch += n;
            long now = System.nanoTime();
            if (now - lastReport >= progressIntervalNanos && b + config.batchSize() < order.size()) {
              lastReport = now;
              reportWithinEpoch(epoch, b / config.batchSize() + 1, stepsPerEpoch, imagesThisEpoch, order.size(),
                  lossSum, correct, (now - epochStart) / 1e9);
            }
          }
          double seconds = (System.nanoTime() - epochStart) / 1e9;
          trainSeconds += seconds;
          boolean last = epoch == config.epochs() - 1;
          String valText = "";
          if (!val.isEmpty() && (last || (epoch + 1) % 5 == 0)) {
            result = evaluate(embedder, model.getNDManager(), train, val, pre,
                passProgress("validation: embedding the training and held-out views"));
            valText = String.format(" | val NN top-1 %.3f top-5 %.3f", result.top1(), result.top5());
          }
          progress.printf("epoch %2d/%d  loss %.3f  train acc %.3f  %.0f img/s  %.1f s%s%s%n", epoch + 1,
              config.epochs(), lossSum / train.size(), correct / (double) train.size(), train.size() / seconds,
              seconds, (skipped == 0 ? "" : "  (" + skipped + " non-finite batches skipped)")
                  + (recomputed == recomputedBefore ? "" : "  (" + (recomputed - recomputedBefore)
                      + " non-finite oneDNN batches computed again with ATen)"), valText);
          if (!last) {
            new TrainingCheckpoint(epoch + 1, stepsDone, imagesSeen, trainSeconds, settings(), dataHash)
                .write(outDir, parameters(net), optimizer.writeState());
            progress.printf("checkpoint after epoch %d in %s%n", epoch + 1, outDir.resolve(TrainingCheckpoint.DIR));
          }
        }
        params = parameters(embedder);
      }
    } finally {
      optimizer.close();
    }
    Files.createDirectories(outDir);
    String version = config.name() + "-" + Hashes.sha256Hex(params).substring(0, 12);
    ModelManifest manifest = new ModelManifest(ModelManifest.FORMAT_VERSION, config.name(), version,
        EmbeddingNet.architecture(config.blocks()), config.width(), config.embeddingSize(), size, pre,
        String.format("normalised softmax (CosFace, s=%.1f, m=%.2f; %s), AdamW lr %.4g, linear warm-up %.1f epochs"
            + " then cosine, wd %.1g", config.scale(), config.margin(), hardNegatives.describe(config.hardMargin()),
            config.learningRate(), config.warmUpEpochs(), config.weightDecay()),
        classes, data.snapshotHash(), data.dirNames(), train.size(), val.size(),
        "by view: viewIndex % " + config.validationStride() + " == " + (config.validationStride() - 1),
        config.seed(), config.epochs(), config.batchSize(), config.learningRate(),
        "random resized crop 55-100%, background swap via mask (p " + config.backgroundSwap()
            + "), hue/saturation/brightness/contrast jitter,"
            + " grey (p 0.15), 3x3 blur (p 0.3), gaussian noise (p 0.5); no flips",
        result.top1(), result.top5(), earlierSessionsSeconds + (System.nanoTime() - started) / 1e9,
        imagesSeen / Math.max(1e-9, trainSeconds),
        DjlEngine.describe(engine, device),
        "seeded init, order and augmentation; repeatable on CPU with fixed ai.djl.pytorch.num_threads on the same"
            + " machine; not bit-exact across CPUs, thread counts or on CUDA",
        start == null ? null : start.manifest().version(), command, java.time.Instant.now().toString(),
        data.photoHashes());
    Files.write(outDir.resolve(ModelManifest.PARAMS), params);
    Files.write(outDir.resolve(ModelManifest.FILE), Json.pretty(manifest));
    TrainingCheckpoint.delete(outDir);
    progress.printf("wrote %s (%d KB) and %s: version %s, val top-1 %.3f top-5 %.3f, %.0f s%n",
        outDir.resolve(ModelManifest.PARAMS), params.length / 1024, ModelManifest.FILE, version, result.top1(),
        result.top5(), manifest.durationSeconds());
    return manifest;
  }

  /**
   * Loads the {@code --init} model into a network of its own architecture and gives its function to {@code
   * embedder}, which has more blocks per stage and is already initialised ({@link EmbeddingNet#deepen}).
   */
  private void deepenFrom(StartingModel start, SequentialBlock embedder, NDManager manager, int size)
      throws IOException {
    try (NDManager sub = manager.newSubManager(); InputStream in = EmbeddingModel.parameters(start.spec())) {
      SequentialBlock shallow = EmbeddingNet.embedder(config.width(), config.embeddingSize(), start.blocks());
      shallow.initialize(sub, DataType.FLOAT32, new Shape(1, 3, size, size));
      shallow.loadParameters(sub, new DataInputStream(in));
      withoutGrad(() -> EmbeddingNet.deepen(shallow, start.blocks(), embedder, config.blocks(),
          EmbeddingTrainer::overwrite));
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException("--init=" + config.init() + " does not fit its own manifest's network: " + e.getMessage(),
          e);
    }
  }

  /** The model named by {@code --init}, checked against the network this training builds. */
  record StartingModel(ModelSpec spec, ModelManifest manifest, List<Integer> blocks) {
    /** Whether the training's network has more blocks than this model: it starts deepened, not loaded as is. */
    boolean deepened(TrainConfig config) {
      return !blocks.equals(config.blocks());
    }

    static StartingModel of(TrainConfig config) {
      if (config.init() == null || config.init().isBlank()) return null;
      ModelSpec spec = ModelSpec.parse(config.init());
      ModelManifest m = EmbeddingModel.trainingRecord(spec);
      if (m == null) {
        throw new IllegalArgumentException("--init=" + config.init() + ": only builtin or brickbox:DIR models can be "
            + "trained further");
      }
      // The input size may change: the network is convolutional with global pooling, so its parameters do not
      // depend on it (fine-tuning at a larger size is how a model learns finer detail for less than a new training).
      if (m.width() != config.width() || m.embeddingSize() != config.embeddingSize()) {
        throw new IllegalArgumentException(String.format("--init=%s is width %d, embedding %d; this training is "
            + "width %d, embedding %d: pass the same --width and --embeddingSize",
            config.init(), m.width(), m.embeddingSize(), config.width(), config.embeddingSize()));
      }
      List<Integer> blocks = EmbeddingNet.blocks(m.architecture());
      if (!EmbeddingNet.canDeepen(blocks, config.blocks())) {
        throw new IllegalArgumentException(String.format("--init=%s is %s, more blocks per stage than this "
            + "training's %s: pass --blocks=%s or more", config.init(), m.architecture(),
            EmbeddingNet.architecture(config.blocks()), EmbeddingNet.blocksOption(blocks)));
      }
      return new StartingModel(spec, m, blocks);
    }
  }

  /** One line within an epoch: batches done, the running loss and accuracy, images per second and what is left. */
  private void reportWithinEpoch(int epoch, int batch, int batches, int images, int epochImages, double lossSum,
      int correct, double seconds) {
    double rate = images / seconds;
    long left = Math.round((epochImages - images) / rate);
    progress.printf(java.util.Locale.ROOT, "epoch %2d/%d  batch %d/%d (%.0f%%)  loss %.3f  train acc %.3f  %.0f img/s"
            + "  epoch ends in %d:%02d%n", epoch + 1, config.epochs(), batch, batches, 100.0 * images / epochImages,
        lossSum / images, correct / (double) images, rate, left / 60, left % 60);
  }

  /**
   * Sets every class centre to the mean direction of its training views under the starting embedder (weight
   * imprinting), so that fine-tuning begins with a head that already agrees with the features instead of random
   * centres whose first large gradients would undo them.
   */
  static void imprintCentres(SequentialBlock net, SequentialBlock embedder, NDManager manager,
      List<RenderedDataset.Sample> train, List<String> classes, Preprocessing pre, PassProgress pass) {
    List<float[]> embeddings = embed(embedder, manager, train, pre, pass, 0, train.size());
    int dim = embeddings.get(0).length;
    float[] centres = new float[classes.size() * dim];
    for (int i = 0; i < train.size(); i++) {
      int c = Collections.binarySearch(classes, train.get(i).entry().partId());
      float[] e = embeddings.get(i);
      for (int d = 0; d < dim; d++) centres[c * dim + d] += e[d];
    }
    for (int c = 0; c < classes.size(); c++) {
      float[] centre = Vectors.l2Normalise(java.util.Arrays.copyOfRange(centres, c * dim, (c + 1) * dim));
      System.arraycopy(centre, 0, centres, c * dim, dim);
    }
    ai.djl.nn.Block head = net.getChildren().get(net.getChildren().size() - 1).getValue();
    NDArray target = head.getParameters().get(CosineHead.CENTRES).getArray();
    try (NDManager sub = manager.newSubManager()) {
      withoutGrad(() -> overwrite(target, sub.create(centres, new Shape(classes.size(), dim))));
    }
  }

  /**
   * Runs in-place writes into parameters with PyTorch's grad mode off: it refuses them on arrays that record
   * gradients, and grad mode is per thread (off where the engine started, on in any other).
   */
  static void withoutGrad(Runnable writes) {
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      writes.run();
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  /**
   * The checkpoint to resume from: none when there is none; an error when it was made with other settings or data,
   * since continuing it would train a model no command describes.
   */
  private TrainingCheckpoint.Loaded resumable(Path outDir, String dataHash) throws IOException {
    TrainingCheckpoint.Loaded loaded = TrainingCheckpoint.read(outDir).orElse(null);
    if (loaded == null) return null;
    String why = !loaded.state().settings().equals(settings())
        ? "settings " + loaded.state().settings() + ", now " + settings()
        : !loaded.state().dataSnapshotHash().equals(dataHash)
            ? "data snapshot " + loaded.state().dataSnapshotHash() + ", now " + dataHash : null;
    if (why != null) {
      throw new IllegalStateException("the training checkpoint in " + loaded.folder() + " was made with other " + why
          + "; train with the same settings and data to resume it, or delete " + outDir.resolve(TrainingCheckpoint.DIR)
          + " (./brickbox train --restart) to start over");
    }
    return loaded;
  }

  /** What a checkpoint must have been made with to be resumed: the settings and, when there are any, the pairs. */
  private String settings() {
    return hardNegatives.isEmpty() ? config.toString() : config + " hardNegatives=" + hardNegatives.hash();
  }

  private void shuffle(List<Integer> order, int epoch) {
    Collections.shuffle(order, new Random(config.seed() * 1_000_003L + epoch));
  }

  private static byte[] parameters(SequentialBlock block) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    block.saveParameters(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  /**
   * One batch's mean loss and correctly classified images.
   *
   * @param problem what was not finite (the loss, or a gradient) when the update was skipped; null when it was made
   */
  record BatchOutcome(String problem, float loss, int correct) {
    boolean finite() {
      return problem == null;
    }
  }

  /** The model's parameter arrays: trainable ones (which have gradients) or the rest (batch norm's running stats). */
  static List<NDArray> parameterArrays(Trainer trainer, boolean trainable) {
    List<NDArray> arrays = new ArrayList<>();
    for (var p : trainer.getModel().getBlock().getParameters().values()) {
      if (p.requiresGradient() == trainable) arrays.add(p.getArray());
    }
    return arrays;
  }

  /**
   * Null when every gradient of these trainable arrays is finite, else which array's is not and how many of its values
   * are NaN or infinite. Decided on the largest |g| (NaN propagates through it), not on the sum of |g|, which
   * overflows to infinity for large but finite gradients. The gradient handle and what is computed from it belong to
   * the model's manager, so each is closed here or it would stay for the whole training.
   */
  static String nonFiniteGradient(List<NDArray> trainable) {
    for (int i = 0; i < trainable.size(); i++) {
      NDArray weights = trainable.get(i);
      try (NDArray g = weights.getGradient(); NDArray abs = g.abs(); NDArray largest = abs.max()) {
        if (Float.isFinite(largest.getFloat())) continue;
        float[] values = g.toFloatArray();
        int nan = 0;
        int infinite = 0;
        for (float v : values) {
          if (Float.isNaN(v)) nan++;
          else if (Float.isInfinite(v)) infinite++;
        }
        return String.format(java.util.Locale.ROOT, "trainable array %d of %d %s: %d NaN and %d infinite of %d values",
            i + 1, trainable.size(), weights.getShape(), nan, infinite, values.length);
      }
    }
    return null;
  }

  /**
   * The relative L2 difference of oneDNN's gradients from ATen's above which training runs on ATen's kernels. Where
   * both are right they differ by rounding (1.8e-4 at the default width 32 and 96 px); oneDNN's wrong backward pass
   * (below) was 0.6-1.5 away on every batch.
   */
  static final double KERNEL_AGREEMENT = 1e-2;

  /**
   * One optimisation step on a batch ({@code x}: n images CHW, {@code y}: class indices). Everything the step
   * allocates lives in a sub-manager closed at its end, so memory stays flat however long training runs.
   *
   * <p>oneDNN's backward pass (PyTorch 2.7.1, AVX-512 EPYC) was wrong for networks of widths 4, 8 and 24: gradients
   * 0.6-1.5 away from ATen's own (relative L2) on every batch, checked against finite differences, NaN in whole
   * channels at random (re-measured on 2026-12-02 after the freed-memory reads of {@link GraphConstants} were fixed:
   * still 0.47-0.57 at width 4, 0.30-0.34 at 8, 1.2-1.5 at 24, 2e-6 at 16; the NaN that ATen's steps showed after a
   * oneDNN step were most likely those reads, which hit any kernel). At widths 16 and 32 (the default) they agree to float rounding and oneDNN trains 2.2x faster.
   * So oneDNN trains only a network whose convolutions all have a multiple of {@link #ONEDNN_CHANNEL_BLOCK} channels,
   * and only when the first batch's gradients with both kernels agree within {@link #KERNEL_AGREEMENT}. A oneDNN step
   * that is not finite is computed again with ATen's kernels before it counts as skipped. Inference keeps oneDNN (its
   * forward pass was never seen wrong).
   */
  BatchOutcome step(Trainer trainer, float[] x, int[] y, int size, int classes) {
    if (oneDnn == null) oneDnn = oneDnnFits(config.width()) && oneDnnAgrees(trainer, x, y, size, classes);
    if (oneDnn) {
      BatchOutcome outcome = withOneDnn(true, () -> pass(trainer, x, y, size, classes, null));
      if (outcome.finite()) return outcome;
      recomputed++;
    }
    return withOneDnn(false, () -> pass(trainer, x, y, size, classes, null));
  }

  /** Channel block of oneDNN's AVX-512 kernels: its backward pass was right only for multiples of it. */
  static final int ONEDNN_CHANNEL_BLOCK = 16;

  /**
   * Whether every convolution of a network of this width has a multiple of {@link #ONEDNN_CHANNEL_BLOCK} channels
   * (widths w, 2w, 4w, 8w); says so when it does not, since oneDNN is then never run.
   */
  private boolean oneDnnFits(int width) {
    if (width % ONEDNN_CHANNEL_BLOCK == 0) return true;
    progress.printf("train: kernels ATen (width %d is not a multiple of %d, where oneDNN's backward pass was wrong)%n",
        width, ONEDNN_CHANNEL_BLOCK);
    return false;
  }

  /** Batches recomputed with ATen's kernels after a non-finite oneDNN step, so far. */
  int recomputed() {
    return recomputed;
  }

  /** Whether oneDNN trains this network: null until the first step has decided. */
  Boolean oneDnn() {
    return oneDnn;
  }

  /** Sets the kernels instead of the first batch's check (tests: the recompute path on any machine). */
  void useOneDnn(boolean enabled) {
    oneDnn = enabled;
  }

  private boolean oneDnnAgrees(Trainer trainer, float[] x, int[] y, int size, int classes) {
    if (!Boolean.TRUE.equals(TorchSettings.mkldnnEnabled())) {
      progress.println("train: kernels ATen (oneDNN is not available to switch on and off)");
      return false;
    }
    double difference = kernelDifference(trainer, x, y, size, classes);
    boolean agree = difference <= KERNEL_AGREEMENT;
    progress.printf(java.util.Locale.ROOT, "train: kernels %s (first batch's gradients, oneDNN against ATen: relative "
        + "difference %.2g, limit %.0g)%n", agree ? "oneDNN" : "ATen, oneDNN's are wrong for this network", difference,
        KERNEL_AGREEMENT);
    return agree;
  }

  /**
   * The batch's gradients computed with oneDNN's kernels and with ATen's, nothing updated: their {@link
   * #relativeDifference}.
   */
  double kernelDifference(Trainer trainer, float[] x, int[] y, int size, int classes) {
    float[][] withOneDnn = new float[1][];
    float[][] withAten = new float[1][];
    withOneDnn(true, () -> pass(trainer, x, y, size, classes, withOneDnn));
    withOneDnn(false, () -> pass(trainer, x, y, size, classes, withAten));
    return relativeDifference(withOneDnn[0], withAten[0]);
  }

  /** ||a - b|| / ||b||; infinite when either is not finite. */
  static double relativeDifference(float[] a, float[] b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      diff += d * d;
      norm += (double) b[i] * b[i];
    }
    double r = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-30);
    return Double.isFinite(r) ? r : Double.POSITIVE_INFINITY;
  }

  private static <T> T withOneDnn(boolean enabled, java.util.function.Supplier<T> work) {
    Boolean before = TorchSettings.setMkldnn(enabled);
    try {
      return work.get();
    } finally {
      if (before != null) TorchSettings.setMkldnn(before);
    }
  }

  /**
   * A forward and backward pass of the batch and, when it is finite, the update. With {@code gradientsOut} nothing is
   * updated: the gradients are copied out (one flat array) and the pass leaves no trace, as a skipped batch does.
   */
  private BatchOutcome pass(Trainer trainer, float[] x, int[] y, int size, int classes, float[][] gradientsOut) {
    int n = y.length;
    List<NDArray> runningStats = parameterArrays(trainer, false);
    List<NDArray> trainable = parameterArrays(trainer, true);
    try (NDManager batch = trainer.getManager().newSubManager()) {
      // Batch norm updates its running statistics in the forward pass, before the loss is known: keep a native
      // copy so a skipped batch leaves no trace in the weights used for inference.
      List<NDArray> savedStats = new ArrayList<>();
      for (NDArray stat : runningStats) {
        NDArray copy = stat.duplicate();
        copy.attach(batch);
        savedStats.add(copy);
      }
      NDArray input = batch.create(x, new Shape(n, 3, size, size));
      NDArray labels = batch.create(y);
      BatchOutcome outcome;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray cos = trainer.forward(new NDList(input)).singletonOrThrow();
        NDArray loss = loss(cos, labels, y, classes);
        gc.backward(loss);
        float batchLoss = loss.getFloat();
        String problem;
        if (gradientsOut != null) {
          gradientsOut[0] = flatGradients(trainable);
          problem = "a gradient check (no update)";
        } else {
          String gradient = Float.isFinite(batchLoss) ? nonFiniteGradient(trainable) : null;
          problem = !Float.isFinite(batchLoss) ? "loss " + batchLoss
              : gradient == null ? null : "a gradient (the loss was " + batchLoss + "): " + gradient;
        }
        if (problem == null) {
          int correct = (int) cos.argMax(1).toType(DataType.INT32, false)
              .eq(labels.toType(DataType.INT32, false)).sum().getLong();
          outcome = new BatchOutcome(null, batchLoss, correct);
        } else {
          // One non-finite batch would turn every weight into NaN through the update (a finite loss can still
          // back-propagate a NaN gradient), and a gradient check must change nothing: drop its gradients
          // (overwritten, not subtracted: GradientCollector.zeroGradients computes g - g, which keeps NaN).
          NDArray zero = batch.zeros(new Shape());
          for (NDArray weights : trainable) {
            try (NDArray g = weights.getGradient()) {
              overwrite(g, zero);
            }
          }
          for (int i = 0; i < runningStats.size(); i++) overwrite(runningStats.get(i), savedStats.get(i));
          outcome = new BatchOutcome(problem, batchLoss, 0);
        }
      }
      if (outcome.finite()) trainer.step();
      return outcome;
    }
  }

  /**
   * The batch's mean CosFace loss from the cosines to every class centre ({@code cos}, [n, classes]): the true class's
   * cosine less the margin, hard negatives' cosines plus theirs, all times the scale, then cross-entropy.
   */
  NDArray loss(NDArray cos, NDArray labels, int[] y, int classes) {
    NDArray onehot = labels.oneHot(classes);
    NDArray logits = cos.sub(onehot.mul(GraphConstants.scalar(cos, (float) config.margin())));
    if (!hardNegatives.isEmpty() && config.hardMargin() != 0) {
      NDArray hard = cos.getManager().create(hardNegatives.mask(y, classes), new Shape(y.length, classes));
      logits = logits.add(hard.mul(GraphConstants.scalar(cos, (float) config.hardMargin())));
    }
    logits = logits.mul(GraphConstants.scalar(cos, (float) config.scale()));
    return logits.logSoftmax(1).mul(onehot).sum(new int[] {1}).neg().mean();
  }

  static float[] flatGradients(List<NDArray> trainable) {
    List<float[]> parts = new ArrayList<>();
    int n = 0;
    for (NDArray weights : trainable) {
      try (NDArray g = weights.getGradient()) {
        parts.add(g.toFloatArray());
        n += parts.get(parts.size() - 1).length;
      }
    }
    float[] all = new float[n];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /**
   * Copies {@code values} (broadcast) into the memory {@code target} already owns. Never {@code NDArray.set(Buffer)}
   * or {@code set(float[])} on an array PyTorch keeps using: DJL's PyTorch engine then re-points the tensor at a
   * Java direct buffer that only that one Java wrapper keeps alive; once the wrapper is closed or collected the
   * buffer is freed while PyTorch still writes gradients or statistics into it (heap corruption, issue 14).
   */
  static void overwrite(NDArray target, NDArray values) {
    target.set(new NDIndex("..."), values);
  }

  /** The keys of the images in the batch starting at {@code b}: where to look when a batch is skipped. */
  private static List<String> batchKeys(List<RenderedDataset.Sample> train, List<Integer> order, int b, int n) {
    return order.subList(b, b + n).stream().map(i -> train.get(i).entry().key()).toList();
  }

  /** Nearest-neighbour top-1/top-5 of the held-out views against the training views, without augmentation. */
  static NearestNeighbours.Result evaluate(SequentialBlock embedder, NDManager manager,
      List<RenderedDataset.Sample> gallery, List<RenderedDataset.Sample> queries, Preprocessing pre,
      PassProgress pass) {
    int total = gallery.size() + queries.size();
    List<float[]> g = embed(embedder, manager, gallery, pre, pass, 0, total);
    List<float[]> q = embed(embedder, manager, queries, pre, pass, gallery.size(), total);
    return NearestNeighbours.evaluate(g, gallery.stream().map(s -> s.entry().partId()).toList(), q,
        queries.stream().map(s -> s.entry().partId()).toList());
  }

  /**
   * @param pass told after every chunk how many of {@code total} images are done, counting {@code before} done
   *     by earlier calls of the same pass
   */
  static List<float[]> embed(SequentialBlock embedder, NDManager manager, List<RenderedDataset.Sample> samples,
      Preprocessing pre, PassProgress pass, int before, int total) {
    int size = pre.size();
    int chunk = 64;
    List<float[]> out = new ArrayList<>();
    for (int b = 0; b < samples.size(); b += chunk) {
      int n = Math.min(chunk, samples.size() - b);
      float[] x = new float[n * 3 * size * size];
      int chunkStart = b;
      IntStream.range(0, n).parallel().forEach(i -> System.arraycopy(
          pre.apply(samples.get(chunkStart + i).image()), 0, x, i * 3 * size * size, 3 * size * size));
      try (NDManager sub = manager.newSubManager()) {
        NDArray e = embedder.forward(new ParameterStore(sub, false),
            new NDList(sub.create(x, new Shape(n, 3, size, size))), false).singletonOrThrow();
        float[] flat = e.toFloatArray();
        int d = flat.length / n;
        for (int i = 0; i < n; i++) {
          out.add(Vectors.l2Normalise(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d)));
        }
      }
      pass.done(before + out.size(), total);
    }
    return out;
  }

  /**
   * Where a pass of the network over many views stands (imprinting, validation): over 1,000 parts such a pass takes
   * half an hour on 2 cores, and says so while it runs.
   */
  interface PassProgress {
    void done(int done, int total);
  }

  /** A line every progress interval (none after the last chunk): images done, rate and time left. */
  private PassProgress passProgress(String what) {
    long start = System.nanoTime();
    long[] lastReport = {start};
    return (done, total) -> {
      long now = System.nanoTime();
      if (done >= total || now - lastReport[0] < progressIntervalNanos) return;
      lastReport[0] = now;
      double rate = done / Math.max(1e-9, (now - start) / 1e9);
      long left = Math.round((total - done) / rate);
      progress.printf(java.util.Locale.ROOT, "train: %s: %d/%d images (%.0f%%)  %.0f img/s  ends in %d:%02d%n", what,
          done, total, 100.0 * done / total, rate, left / 60, left % 60);
    };
  }
}
