package org.brickbox.beam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.brickbox.io.files.OutputFiles;

/**
 * Writes (sortKey, jsonLine) pairs as a fixed number of JSONL shards, each sorted by key. Sharding by a hash of
 * the key and sorting inside each shard make the files byte-identical across runs, runners and parallelism,
 * which Beam's TextIO (arbitrary order, runner-chosen shard names) does not. Every shard is written, empty or
 * not, so a rerun replaces the whole set. Output: the URIs written, so a later step can wait on them.
 */
public final class WriteSortedJsonl extends PTransform<PCollection<KV<String, String>>, PCollection<String>> {
  private final String directory;
  private final String baseName;
  private final int shards;

  private WriteSortedJsonl(String directory, String baseName, int shards) {
    this.directory = directory;
    this.baseName = baseName;
    this.shards = shards;
  }

  /** {@code baseName} "renders" with 4 shards gives {@code renders-00000-of-00004.jsonl}...; 1 shard gives {@code renders.jsonl}. */
  public static WriteSortedJsonl to(String directory, String baseName, int shards) {
    if (shards < 1) throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    return new WriteSortedJsonl(directory, baseName, shards);
  }

  static String shardName(String baseName, int shard, int shards) {
    return shards == 1 ? baseName + ".jsonl" : String.format("%s-%05d-of-%05d.jsonl", baseName, shard, shards);
  }

  @Override
  public PCollection<String> expand(PCollection<KV<String, String>> lines) {
    int shardCount = shards;
    KvCoder<Integer, KV<String, String>> coder =
        KvCoder.of(VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<KV<Integer, KV<String, String>>> keyed =
        lines.apply("AssignShard", MapElements.into(coder.getEncodedTypeDescriptor())
                .via((KV<String, String> kv) -> KV.of(shardOf(kv.getKey(), shardCount), kv)))
            .setCoder(coder);
    // One empty marker per shard so that shards without records are still (re)written.
    PCollection<KV<Integer, KV<String, String>>> markers =
        lines.getPipeline().apply("ShardMarkers",
            Create.of(IntStream.range(0, shards).mapToObj(s -> KV.of(s, KV.of("", ""))).toList()).withCoder(coder));
    return PCollectionList.of(keyed).and(markers)
        .apply("Flatten", Flatten.pCollections())
        .apply("GroupByShard", GroupByKey.create())
        .apply("WriteShard", ParDo.of(new WriteShardFn(directory, baseName, shards)))
        .setTypeDescriptor(TypeDescriptors.strings());
  }

  static int shardOf(String key, int shards) {
    return Math.floorMod(key.hashCode(), shards);
  }

  private static final class WriteShardFn extends DoFn<KV<Integer, Iterable<KV<String, String>>>, String> {
    private final String directory;
    private final String baseName;
    private final int shards;

    WriteShardFn(String directory, String baseName, int shards) {
      this.directory = directory;
      this.baseName = baseName;
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<KV<String, String>>> shard, OutputReceiver<String> out)
        throws IOException {
      List<KV<String, String>> rows = new ArrayList<>();
      for (KV<String, String> row : shard.getValue()) {
        if (!row.getValue().isEmpty()) rows.add(row);
      }
      rows.sort(Comparator.comparing((KV<String, String> r) -> r.getKey()).thenComparing(KV::getValue));
      var target = OutputFiles.resolve(directory, shardName(baseName, shard.getKey(), shards));
      OutputFiles.writeAtomically(target, "application/x-ndjson", stream -> {
        for (KV<String, String> row : rows) {
          stream.write(row.getValue().getBytes(StandardCharsets.UTF_8));
          stream.write('\n');
        }
      });
      out.output(target.toString());
    }
  }
}
