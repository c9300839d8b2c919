package org.brickbox.embed;

import java.util.List;
import java.util.Map;

/**
 * {@code model_manifest.json}, written by {@code ./brickbox train} next to {@code embedder.params}: what the
 * network is, what it was trained on and how well it identifies held-out views.
 *
 * @param version "{@code name}-{first 12 hex of the parameters' SHA-256}": changes whenever the weights do
 * @param dataSnapshotHash SHA-256 over the training records' keys and image hashes, in key order
 * @param valTop1 nearest-neighbour top-1 of held-out views against the training views (by part)
 * @param initialisedFrom version of the model training started from ({@code --init}); null for a random start
 * @param createdAt when training finished (ISO-8601 UTC): the retrain rules' "time since the last training"
 */
public record ModelManifest(
    int formatVersion,
    String name,
    String version,
    String architecture,
    int width,
    int embeddingSize,
    int inputSize,
    Preprocessing preprocessing,
    String objective,
    List<String> classes,
    String dataSnapshotHash,
    List<String> dataDirs,
    int trainImages,
    int validationImages,
    String validationSplit,
    long seed,
    int epochs,
    int batchSize,
    double learningRate,
    String augmentation,
    double valTop1,
    double valTop5,
    double durationSeconds,
    double imagesPerSecond,
    Map<String, String> engine,
    String determinism,
    String initialisedFrom,
    String command,
    String createdAt,
    List<String> trainedPhotos) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE = "model_manifest.json";
  public static final String PARAMS = "embedder.params";
}
