package org.brickbox.embed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.brickbox.io.files.FileTrees;
import org.brickbox.io.records.Json;

/**
 * Where an unfinished training stands, written after every epoch into {@code MODEL_DIR/checkpoint/} so that
 * {@code ./brickbox train} resumes there after an interruption (a session or machine ending). Each checkpoint is a
 * complete folder {@code epoch-NNNN/} (network with its batch-norm statistics and classification head, optimizer
 * moments, this record); the file {@code latest} names the newest and is replaced atomically only once that folder
 * is complete, so a crash while writing leaves the previous checkpoint in force. Removed when training finishes.
 *
 * @param epochsDone epochs completed
 * @param stepsDone optimizer updates made (skipped batches make none); continues the learning-rate schedule
 * @param imagesSeen training images seen so far
 * @param trainSeconds seconds spent in epochs so far, over every session
 * @param settings the training settings it was made with ({@link TrainConfig#toString()})
 * @param dataSnapshotHash the dataset it was made on ({@link RenderedDataset#snapshotHash()})
 */
public record TrainingCheckpoint(int epochsDone, int stepsDone, long imagesSeen, double trainSeconds,
    String settings, String dataSnapshotHash) {

  public static final String DIR = "checkpoint";
  static final String LATEST = "latest";
  static final String NET = "net.params";
  static final String OPTIMIZER = "optimizer.bin";
  static final String STATE = "state.json";

  /** A checkpoint with what it holds. */
  record Loaded(TrainingCheckpoint state, byte[] net, byte[] optimizer, Path folder) {}

  /** The newest complete checkpoint under {@code modelDir}, if any. */
  static Optional<Loaded> read(Path modelDir) throws IOException {
    Path root = modelDir.resolve(DIR);
    Path latest = root.resolve(LATEST);
    if (!Files.isRegularFile(latest)) return Optional.empty();
    Path folder = root.resolve(Files.readString(latest, StandardCharsets.UTF_8).trim());
    try {
      TrainingCheckpoint state = Json.mapper().readValue(Files.readAllBytes(folder.resolve(STATE)),
          TrainingCheckpoint.class);
      return Optional.of(new Loaded(state, Files.readAllBytes(folder.resolve(NET)),
          Files.readAllBytes(folder.resolve(OPTIMIZER)), folder));
    } catch (IOException e) {
      throw new IOException("training checkpoint " + folder + " is unreadable (" + e.getMessage() + "); delete "
          + root + " to train from the start", e);
    }
  }

  /** Writes this checkpoint, then points {@code latest} at it, then removes older ones. */
  void write(Path modelDir, byte[] net, byte[] optimizer) throws IOException {
    Path root = modelDir.resolve(DIR);
    String name = String.format("epoch-%04d", epochsDone);
    Path folder = root.resolve(name);
    FileTrees.delete(folder);
    Files.createDirectories(folder);
    Files.write(folder.resolve(NET), net);
    Files.write(folder.resolve(OPTIMIZER), optimizer);
    Files.write(folder.resolve(STATE), Json.pretty(this));
    Path pointer = root.resolve(LATEST + ".tmp");
    Files.writeString(pointer, name + "\n", StandardCharsets.UTF_8);
    Files.move(pointer, root.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (Stream<Path> old = Files.list(root)) {
      for (Path p : old.filter(p -> Files.isDirectory(p) && !p.equals(folder)).toList()) FileTrees.delete(p);
    }
  }

  /** Removes every checkpoint under {@code modelDir}. */
  public static void delete(Path modelDir) throws IOException {
    FileTrees.delete(modelDir.resolve(DIR));
  }

}
