package org.brickbox.stages.fuse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.brickbox.beam.JsonCoder;
import org.brickbox.stages.embed.EmbeddingRecord;
import org.brickbox.stages.embed.EmbeddingRecordCoder;

/** One view with everything the index needs: its cues and the embedding record of the same key. */
public record FuseView(ViewCues cues, EmbeddingRecord embedding) {
  public String model() {
    return embedding.model();
  }

  public String modelVersion() {
    return embedding.modelVersion();
  }

  public float[] vector() {
    return embedding.vector();
  }

  /** The cues as JSON (small), the vector as raw float32 (every view of the run passes through one key). */
  public static final class Coder extends CustomCoder<FuseView> {
    private static final JsonCoder<ViewCues> CUES = JsonCoder.of(ViewCues.class);

    @Override
    public void encode(FuseView view, OutputStream out) throws IOException {
      CUES.encode(view.cues(), out);
      EmbeddingRecordCoder.of().encode(view.embedding(), out);
    }

    @Override
    public FuseView decode(InputStream in) throws IOException {
      return new FuseView(CUES.decode(in), EmbeddingRecordCoder.of().decode(in));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Coder;
    }

    @Override
    public int hashCode() {
      return Coder.class.hashCode();
    }
  }
}
