package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.brickbox.embed.DjlEngine;
import org.brickbox.embed.EmbeddingNet;
import org.brickbox.embed.EmbeddingTrainer;
import org.brickbox.embed.HardNegatives;
import org.brickbox.embed.ModelManifest;
import org.brickbox.embed.RenderedDataset;
import org.brickbox.embed.TrainConfig;
import org.brickbox.embed.TrainingCheckpoint;

/**
 * {@code ./brickbox train --data=DIR[,DIR...] --out=MODEL_DIR [--epochs=26 --seed=1 --inputSize=96 ...]}: trains
 * the built-in embedding network on the output of one or more runs and writes a model directory usable with
 * {@code --model=brickbox:MODEL_DIR}.
 */
final class Train {
  /** A few hundred photos against tens of thousands of renders: each photo crop is seen this often per epoch. */
  static final int DEFAULT_PHOTO_REPEAT = 20;
  static final String USAGE = """
      usage: ./brickbox train --data=RUN_DIR[,RUN_DIR...] --out=MODEL_DIR [--epochs=%d] [--seed=%d]
             [--inputSize=%d] [--width=%d] [--embeddingSize=%d] [--batchSize=%d] [--lr=%s]
             [--weightDecay=%s] [--scale=%s] [--margin=%s] [--validationStride=%d] [--warmUpEpochs=%s]
             [--backgroundSwap=%s (share of images given a new background; 0 for photographic renders' surfaces)]
             [--init=builtin|brickbox:MODEL_DIR (start from that model: fine-tune; same width and
              embedding size, any input size, the same or fewer blocks per stage)]
             [--blocks=%s (residual blocks in each of the network's four stages; a deeper network
              starts from a shallower --init model with its function kept, each added block the identity)]
             [--photos=DIR (your labelled photos, DIR/<partId>/<capture>_<side>.jpg, trained on beside the renders)]
             [--photoRepeat=%d (times each photo crop is seen per epoch, augmented differently each time)]
             [--hardNegatives=RUN_DIR[,RUN_DIR...] (runs whose fuse/queries.jsonl lists the parts their held-out
              views were confused with: each such pair gets the extra margin --hardMargin=%s)]
             [--threads=N (PyTorch intra-op threads)] [--device=AUTO|CPU|GPU (GPU: fail unless one is seen)]
             [--djlCacheDir=DIR] [--restart]
      Trains the built-in embedding network on rendered runs; use the result with --model=brickbox:MODEL_DIR.
      A checkpoint is written into MODEL_DIR/checkpoint/ after every epoch: the same command run again resumes
      after the last completed epoch (same settings and data required); --restart discards it and starts over."""
      .formatted(TrainConfig.DEFAULT.epochs(), TrainConfig.DEFAULT.seed(), TrainConfig.DEFAULT.inputSize(),
          TrainConfig.DEFAULT.width(), TrainConfig.DEFAULT.embeddingSize(), TrainConfig.DEFAULT.batchSize(),
          plain(TrainConfig.DEFAULT.learningRate()), plain(TrainConfig.DEFAULT.weightDecay()),
          plain(TrainConfig.DEFAULT.scale()), plain(TrainConfig.DEFAULT.margin()),
          TrainConfig.DEFAULT.validationStride(), plain(TrainConfig.DEFAULT.warmUpEpochs()),
          plain(TrainConfig.DEFAULT.backgroundSwap()),
          EmbeddingNet.blocksOption(TrainConfig.DEFAULT.blocks()),
          DEFAULT_PHOTO_REPEAT,
          plain(TrainConfig.DEFAULT.hardMargin()));

  private Train() {}

  /** 0.0005, not 5.0E-4: how a user would type the default. */
  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  static int run(List<String> args, PrintStream out) throws Exception {
    CommandArgs parsed = CommandArgs.parse(args, Set.of("restart"));
    Map<String, String> o = new LinkedHashMap<>(parsed.values());
    String data = o.remove("data");
    String target = o.remove("out");
    if (data == null || target == null) throw new IllegalArgumentException("--data and --out are required (see --help)");
    int threads = Integer.parseInt(o.getOrDefault("threads", "0"));
    String cache = o.get("djlCacheDir");
    String photos = o.remove("photos");
    int photoRepeat = Integer.parseInt(o.getOrDefault("photoRepeat", Integer.toString(DEFAULT_PHOTO_REPEAT)));
    o.remove("photoRepeat");
    String hardRuns = o.remove("hardNegatives");
    o.remove("threads");
    o.remove("djlCacheDir");
    DjlEngine.Placement device = DjlEngine.Placement.valueOf(o.getOrDefault("device", "AUTO").toUpperCase(Locale.ROOT));
    o.remove("device");
    TrainConfig config = TrainConfig.DEFAULT.with(o);
    List<Path> dirs = paths(data);
    if (parsed.has("restart")) TrainingCheckpoint.delete(Path.of(target));
    out.println("train: reading " + dirs);
    RenderedDataset dataset = RenderedDataset.load(dirs);
    if (photos != null && !photos.isBlank()) {
      TrainingPhotos labelled = TrainingPhotos.of(Path.of(photos), dataset, photoRepeat, out);
      out.printf("train: %d labelled photos from %s (%d unusable), %d samples (%d repeats of each crop)%n",
          labelled.photos(), photos, labelled.unusable(), labelled.samples().size(), photoRepeat);
      dataset = dataset.withPhotos(labelled.samples(), labelled.hashes());
    }
    HardNegatives hard = hardRuns == null || hardRuns.isBlank() ? HardNegatives.NONE
        : HardNegatives.fromRuns(paths(hardRuns), dataset.classes());
    if (hardRuns != null && hard.isEmpty()) {
      throw new IllegalArgumentException("--hardNegatives=" + hardRuns + " lists no confused pair of the parts trained on");
    }
    String command = "./brickbox train " + String.join(" ", args);
    ModelManifest m = new EmbeddingTrainer(config, hard, out).train(dataset, Path.of(target), new DjlEngine(cache, threads, device),
        command);
    out.printf("model %s in %s: use --model=brickbox:%s%n", m.version(), target, target);
    return BrickBoxCli.OK;
  }

  private static List<Path> paths(String commaSeparated) {
    List<Path> dirs = new ArrayList<>();
    for (String d : commaSeparated.split(",")) if (!d.isBlank()) dirs.add(Path.of(d.trim()));
    return dirs;
  }
}
