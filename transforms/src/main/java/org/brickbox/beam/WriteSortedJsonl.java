package org.brickbox.beam;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.brickbox.io.files.OutputFiles;

/**
 * Writes (sortKey, jsonLine) pairs as a fixed number of JSONL shards, each sorted by key: {@link WriteSortedShards}
 * with one line per row. Beam's TextIO (arbitrary order, runner-chosen shard names) would not be byte-identical
 * across runs. Output: the URIs written, so a later step can wait on them.
 */
public final class WriteSortedJsonl extends PTransform<PCollection<KV<String, String>>, PCollection<String>> {
  private final WriteSortedShards<String> shards;

  private WriteSortedJsonl(WriteSortedShards<String> shards) {
    this.shards = shards;
  }

  /** {@code baseName} "renders" with 4 shards gives {@code renders-00000-of-00004.jsonl}...; 1 shard gives {@code renders.jsonl}. */
  public static WriteSortedJsonl to(String directory, String baseName, int shards) {
    return new WriteSortedJsonl(WriteSortedShards.to(directory, baseName, shards, StringUtf8Coder.of(), JSONL));
  }

  static String shardName(String baseName, int shard, int shards) {
    return WriteSortedShards.shardBaseName(baseName, shard, shards) + ".jsonl";
  }

  static int shardOf(String key, int shards) {
    return WriteSortedShards.shardOf(key, shards);
  }

  private static final WriteSortedShards.ShardFormat<String> JSONL = (directory, base, rows) -> {
    var target = OutputFiles.resolve(directory, base + ".jsonl");
    OutputFiles.writeAtomically(target, "application/x-ndjson", stream -> {
      for (KV<String, String> row : rows) {
        stream.write(row.getValue().getBytes(StandardCharsets.UTF_8));
        stream.write('\n');
      }
    });
    return List.of(target.toString());
  };

  @Override
  public PCollection<String> expand(PCollection<KV<String, String>> lines) {
    return lines.apply(shards);
  }
}
