package org.brickbox.pipeline.rebuild;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.brickbox.beam.JsonCoder;
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
    return new PTransform<>("CarryRecords") {
      @Override
      public PCollection<RenderRecord> expand(PBegin begin) {
        return begin.apply("PreviousRecordFiles", Create.of(List.copyOf(keysByFile.keySet()))
                .withCoder(StringUtf8Coder.of()))
            .apply("ReadKeptRecords", ParDo.of(new ReadRecordsFn(keysByFile, libraryVersion)))
            .setCoder(JsonCoder.of(RenderRecord.class));
      }
    };
  }

  /** The vectors of the keys each index file supplies (a key from one file only), with the .npy beside it. */
  public static PTransform<PBegin, PCollection<EmbeddingRecord>> vectors(Map<String, Set<String>> keysByFile) {
    return new PTransform<>("CarryVectors") {
      @Override
      public PCollection<EmbeddingRecord> expand(PBegin begin) {
        return begin.apply("PreviousVectorFiles", Create.of(List.copyOf(keysByFile.keySet()))
                .withCoder(StringUtf8Coder.of()))
            .apply("ReadKeptVectors", ParDo.of(new ReadVectorsFn(keysByFile)))
            .setCoder(EmbeddingRecordCoder.of());
      }
    };
  }

  static final class ReadRecordsFn extends DoFn<String, RenderRecord> {
    private final Map<String, Set<String>> keysByFile;
    private final String libraryVersion;

    ReadRecordsFn(Map<String, Set<String>> keysByFile, String libraryVersion) {
      this.keysByFile = keysByFile;
      this.libraryVersion = libraryVersion;
    }

    @ProcessElement
    public void process(@Element String uri, OutputReceiver<RenderRecord> out) throws IOException {
      Set<String> keys = keysByFile.get(uri);
      for (RenderRecord r : PreviousOutputs.lines(uri, RenderRecord.class)) {
        if (keys.contains(r.key())) out.output(r.withLibraryVersion(libraryVersion));
      }
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
