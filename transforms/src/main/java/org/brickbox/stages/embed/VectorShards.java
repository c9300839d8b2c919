package org.brickbox.stages.embed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.beam.sdk.io.FileSystems;
import org.brickbox.beam.WriteSortedShards;
import org.brickbox.embed.Npy;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.records.Json;
import org.apache.beam.sdk.values.KV;

/**
 * Vectors on disk: {@code embeddings/vectors-0000N-of-0000M.npy} (float32 [n, d], NumPy format) and, row for row,
 * {@code vectors-0000N-of-0000M.jsonl} (key, part, colour, view, model, version, row). Readable without
 * BrickBox: {@code numpy.load(...)} plus any JSONL reader.
 */
public final class VectorShards {
  /**
   * One line of the index; {@code row} is the vector's row in the matching .npy file. {@code imageSha256}, the bytes
   * the vector was computed from, is written by the embed journal ({@link VectorJournal}) only: a shard's vectors
   * belong to the records written beside them.
   */
  public record IndexLine(String key, String partId, int colourCode, int viewIndex, String model,
      String modelVersion, int dimension, int row, String imageSha256) {
    public IndexLine(String key, String partId, int colourCode, int viewIndex, String model, String modelVersion,
        int dimension, int row) {
      this(key, partId, colourCode, viewIndex, model, modelVersion, dimension, row, null);
    }
  }

  private VectorShards() {}

  public static WriteSortedShards<EmbeddingRecord> to(String directory, int shards) {
    return WriteSortedShards.to(directory, "vectors", shards, EmbeddingRecordCoder.of(), VectorShards::write);
  }

  static List<String> write(String directory, String base, List<KV<String, EmbeddingRecord>> rows)
      throws IOException {
    List<EmbeddingRecord> records = new ArrayList<>(rows.size());
    for (KV<String, EmbeddingRecord> r : rows) records.add(r.getValue());
    return write(directory, base, records, null);
  }

  /**
   * Writes {@code base.npy}, then {@code base.jsonl} (its presence says the matrix is whole).
   *
   * @param imageSha256 per record, the SHA-256 of the image it was embedded from; null to name none
   */
  static List<String> write(String directory, String base, List<EmbeddingRecord> records, List<String> imageSha256)
      throws IOException {
    List<float[]> vectors = new ArrayList<>();
    int dim = records.isEmpty() ? 0 : records.get(0).vector().length;
    for (EmbeddingRecord r : records) vectors.add(r.vector());
    var npy = OutputFiles.resolve(directory, base + ".npy");
    OutputFiles.writeAtomically(npy, "application/octet-stream", out -> Npy.writeFloat32(out, vectors, dim));
    var index = OutputFiles.resolve(directory, base + ".jsonl");
    OutputFiles.writeAtomically(index, "application/x-ndjson", out -> {
      for (int i = 0; i < records.size(); i++) {
        EmbeddingRecord e = records.get(i);
        out.write(Json.line(new IndexLine(e.key(), e.partId(), e.colourCode(), e.viewIndex(), e.model(),
            e.modelVersion(), e.vector().length, i, imageSha256 == null ? null : imageSha256.get(i)))
            .getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    });
    return List.of(npy.toString(), index.toString());
  }

  /**
   * The records of one written shard, given its key index ({@code vectors-*.jsonl}, any Beam FileSystem URI), whose
   * key {@code wanted} accepts; the {@code .npy} matrix is read only when at least one key is wanted.
   */
  public static List<EmbeddingRecord> read(String indexUri, Predicate<String> wanted)
      throws IOException {
    String text = new String(OutputFiles.read(FileSystems.matchNewResource(indexUri, false)),
        StandardCharsets.UTF_8);
    List<IndexLine> lines = text.lines().filter(l -> !l.isBlank()).map(l -> Json.read(l, IndexLine.class))
        .filter(l -> wanted.test(l.key())).toList();
    List<EmbeddingRecord> out = new ArrayList<>(lines.size());
    if (lines.isEmpty()) return out;
    String npyUri = indexUri.substring(0, indexUri.length() - ".jsonl".length()) + ".npy";
    float[][] vectors = Npy.readFloat32(OutputFiles.read(FileSystems.matchNewResource(npyUri, false)));
    for (IndexLine l : lines) {
      if (l.row() >= vectors.length) {
        throw new IOException(npyUri + " has " + vectors.length + " rows, but " + indexUri + " names row " + l.row());
      }
      out.add(new EmbeddingRecord(l.key(), l.partId(), l.colourCode(), l.viewIndex(), l.model(), l.modelVersion(),
          vectors[l.row()]));
    }
    return out;
  }
}
