package org.brickbox.pipeline.rebuild;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.brickbox.beam.JsonCoder;
import org.brickbox.qa.QaRecord;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.embed.EmbeddingRecordCoder;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.render.RenderRecord;

/**
 * The outputs an incremental rebuild keeps: records and vectors of unchanged keys, read inside the graph (so the
 * launcher never holds them) from the previous run's shards and the journals of a run that did not finish, and
 * merged with the new ones before the shards are rewritten. The shard writers group by shard first, so every read
 * ends before any shard is replaced.
 */
public final class CarryForward {
  private CarryForward() {}

  /**
   * The render records of the keys each file supplies (a key from one file only), re-stamped with the current
   * library version as a full run would write them.
   */
  public static PTransform<PBegin, PCollection<RenderRecord>> records(Map<String, Set<String>> keysByFile,
      String libraryVersion) {
    return fromFiles("CarryRecords", "KeptRecords", keysByFile, new ReadKeptLinesFn<>(keysByFile, RenderRecord.class,
        RenderRecord::key, r -> r.withLibraryVersion(libraryVersion)), JsonCoder.of(RenderRecord.class));
  }

  /** The vectors of the keys each index file supplies (a key from one file only), with the .npy beside it. */
  public static PTransform<PBegin, PCollection<EmbeddingRecord>> vectors(Map<String, Set<String>> keysByFile) {
    return fromFiles("CarryVectors", "KeptVectors", keysByFile, new ReadVectorsFn(keysByFile),
        EmbeddingRecordCoder.of());
  }

  /** The QA verdicts of the keys each verdict file supplies: an earlier run's measurements, for QA to reuse. */
  public static PTransform<PBegin, PCollection<QaRecord>> verdicts(Map<String, Set<String>> keysByFile) {
    return fromFiles("CarryVerdicts", "EarlierVerdicts", keysByFile, new ReadKeptLinesFn<>(keysByFile,
        QaRecord.class, QaRecord::key, q -> q), JsonCoder.of(QaRecord.class));
  }

  /** Reads {@code what} from each file of {@code keysByFile} with {@code read}, inside the graph. */
  private static <T> PTransform<PBegin, PCollection<T>> fromFiles(String name, String what,
      Map<String, Set<String>> keysByFile, DoFn<String, T> read, Coder<T> coder) {
    return new PTransform<>(name) {
      @Override
      public PCollection<T> expand(PBegin begin) {
        return begin.apply(what + "Files", Create.of(List.copyOf(keysByFile.keySet())).withCoder(StringUtf8Coder.of()))
            .apply("Read" + what, ParDo.of(read))
            .setCoder(coder);
      }
    };
  }

  /** The lines of each file whose keys it supplies, as {@code stamp} gives them. */
  static final class ReadKeptLinesFn<T> extends DoFn<String, T> {
    private final Map<String, Set<String>> keysByFile;
    private final Class<T> type;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, T> stamp;

    ReadKeptLinesFn(Map<String, Set<String>> keysByFile, Class<T> type, SerializableFunction<T, String> key,
        SerializableFunction<T, T> stamp) {
      this.keysByFile = keysByFile;
      this.type = type;
      this.key = key;
      this.stamp = stamp;
    }

    @ProcessElement
    public void process(@Element String uri, OutputReceiver<T> out) throws IOException {
      Set<String> keys = keysByFile.get(uri);
      for (T line : PreviousOutputs.lines(uri, type)) if (keys.contains(key.apply(line))) out.output(stamp.apply(line));
    }
  }

  static final class ReadVectorsFn extends DoFn<String, EmbeddingRecord> {
    private final Map<String, Set<String>> keysByFile;

    ReadVectorsFn(Map<String, Set<String>> keysByFile) {
      this.keysByFile = keysByFile;
    }

    @ProcessElement
    public void process(@Element String indexUri, OutputReceiver<EmbeddingRecord> out) throws IOException {
      for (EmbeddingRecord e : VectorShards.read(indexUri, keysByFile.get(indexUri)::contains)) out.output(e);
    }
  }
}
