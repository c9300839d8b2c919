package org.brickbox.stages.embed;

import java.io.IOException;
import java.util.List;
import org.brickbox.io.files.JournalFiles;
import org.brickbox.io.records.Hashes;

/**
 * The vectors of each embedded batch, written under {@code embeddings/made/} as soon as they are computed, in the
 * vector shards' format ({@code .npy} matrix, then the {@code .jsonl} index that says it is whole) with the SHA-256
 * of the image each vector was computed from. The vector shards are written only when the whole graph ends, so
 * without these a run that fails after embedding (the index step of a whole-library build, an hour in) embeds
 * everything again; with them the next run keeps every vector whose image is kept with the same bytes, from the
 * same model. A run that finishes deletes them.
 */
public final class VectorJournal {
  /** Where the journal lies, relative to the output directory. */
  public static final String DIR = "embeddings/made";

  private VectorJournal() {}

  /**
   * Writes one batch's vectors; nothing when there are none. The file is named by the batch's keys, so a retried
   * batch of the same images rewrites its own file (with the same vectors) and never pairs a matrix with another
   * batch's index.
   */
  public static void write(String outputDir, List<EmbeddingRecord> vectors, List<String> imageSha256)
      throws IOException {
    if (vectors.isEmpty()) return;
    StringBuilder keys = new StringBuilder();
    for (EmbeddingRecord v : vectors) keys.append(v.key()).append('\n');
    String base = "vectors-" + Hashes.sha256Hex(keys.toString()).substring(0, 16);
    VectorShards.write(outputDir + "/" + DIR, base, vectors, imageSha256);
  }

  /** The journal's index files ({@code .jsonl}, each beside its {@code .npy}), oldest first. */
  public static List<String> files(String outputDir) throws IOException {
    return JournalFiles.oldestFirst(outputDir, DIR, ".jsonl");
  }

  /** Deletes the journal: called once a run's vector shards hold every vector. */
  public static void clear(String outputDir) throws IOException {
    JournalFiles.clear(outputDir, DIR);
  }
}
