package org.brickbox.beam;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes (sortKey, value) pairs as a fixed number of shards, each sorted by key (ties by the value's encoding),
 * in a format a {@link ShardFormat} decides (JSONL lines, NumPy vectors + index, ...). Sharding by a hash of the
 * key and sorting inside each shard make the files byte-identical across runs, runners and parallelism. Every
 * shard is written, empty or not, so a rerun replaces the whole set. Output: the URIs written.
 */
public final class WriteSortedShards<V> extends PTransform<PCollection<KV<String, V>>, PCollection<String>> {
  /** Writes one shard's sorted rows under {@code directory} and returns the URIs of the files it wrote. */
  public interface ShardFormat<V> extends Serializable {
    List<String> write(String directory, String shardBaseName, List<KV<String, V>> sortedRows) throws IOException;
  }

  private final String directory;
  private final String baseName;
  private final int shards;
  private final Coder<V> valueCoder;
  private final ShardFormat<V> format;

  private WriteSortedShards(String directory, String baseName, int shards, Coder<V> valueCoder, ShardFormat<V> format) {
    this.directory = directory;
    this.baseName = baseName;
    this.shards = shards;
    this.valueCoder = valueCoder;
    this.format = format;
  }

  public static <V> WriteSortedShards<V> to(String directory, String baseName, int shards, Coder<V> valueCoder,
      ShardFormat<V> format) {
    if (shards < 1) throw new IllegalArgumentException("shards must be >= 1, was " + shards);
    return new WriteSortedShards<>(directory, baseName, shards, valueCoder, format);
  }

  /** "renders" with 4 shards gives {@code renders-00000-of-00004}...; 1 shard gives {@code renders}. */
  public static String shardBaseName(String baseName, int shard, int shards) {
    return shards == 1 ? baseName : String.format("%s-%05d-of-%05d", baseName, shard, shards);
  }

  static int shardOf(String key, int shards) {
    return Math.floorMod(key.hashCode(), shards);
  }

  @Override
  public PCollection<String> expand(PCollection<KV<String, V>> rows) {
    int shardCount = shards;
    KvCoder<Integer, KV<String, V>> coder =
        KvCoder.of(VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), NullableCoder.of(valueCoder)));
    PCollection<KV<Integer, KV<String, V>>> keyed =
        rows.apply("AssignShard", MapElements.into(coder.getEncodedTypeDescriptor())
                .via((KV<String, V> kv) -> KV.of(shardOf(kv.getKey(), shardCount), kv)))
            .setCoder(coder);
    // One empty marker (null value) per shard so that shards without rows are still (re)written.
    List<KV<Integer, KV<String, V>>> markers = new ArrayList<>();
    IntStream.range(0, shards).forEach(s -> markers.add(KV.of(s, KV.of("", null))));
    PCollection<KV<Integer, KV<String, V>>> empty =
        rows.getPipeline().apply("ShardMarkers", Create.of(markers).withCoder(coder));
    return PCollectionList.of(keyed).and(empty)
        .apply("Flatten", Flatten.pCollections())
        .apply("GroupByShard", GroupByKey.create())
        .apply("WriteShard", ParDo.of(new WriteShardFn<>(directory, baseName, shards, valueCoder, format)))
        .setTypeDescriptor(TypeDescriptors.strings());
  }

  private static final class WriteShardFn<V> extends DoFn<KV<Integer, Iterable<KV<String, V>>>, String> {
    private final String directory;
    private final String baseName;
    private final int shards;
    private final Coder<V> valueCoder;
    private final ShardFormat<V> format;

    WriteShardFn(String directory, String baseName, int shards, Coder<V> valueCoder, ShardFormat<V> format) {
      this.directory = directory;
      this.baseName = baseName;
      this.shards = shards;
      this.valueCoder = valueCoder;
      this.format = format;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<KV<String, V>>> shard, OutputReceiver<String> out)
        throws IOException {
      List<KV<String, V>> rows = new ArrayList<>();
      for (KV<String, V> row : shard.getValue()) {
        if (row.getValue() != null) rows.add(row);
      }
      rows.sort(Comparator.comparing((KV<String, V> r) -> r.getKey()).thenComparing(this::encoded, Arrays::compare));
      for (String uri : format.write(directory, shardBaseName(baseName, shard.getKey(), shards), rows)) {
        out.output(uri);
      }
    }

    private byte[] encoded(KV<String, V> row) {
      try {
        return CoderUtils.encodeToByteArray(valueCoder, row.getValue());
      } catch (org.apache.beam.sdk.coders.CoderException e) {
        throw new IllegalStateException("cannot encode a row of " + baseName, e);
      }
    }
  }
}
