package org.brickbox.stages.embed;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Binary coder for vectors in flight: the float32 payload as raw bytes rather than JSON text (a 512-d vector is
 * 2 KB instead of about 5 KB and needs no number parsing). Deterministic: fixed field order, no maps.
 */
public final class EmbeddingRecordCoder extends CustomCoder<EmbeddingRecord> {
  private static final EmbeddingRecordCoder INSTANCE = new EmbeddingRecordCoder();

  public static EmbeddingRecordCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(EmbeddingRecord r, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeUTF(r.key());
    out.writeUTF(r.partId());
    out.writeInt(r.colourCode());
    out.writeInt(r.viewIndex());
    out.writeUTF(r.model());
    out.writeUTF(r.modelVersion());
    float[] v = r.vector();
    out.writeInt(v.length);
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(v.length * 4);
    buffer.asFloatBuffer().put(v);
    out.write(buffer.array());
  }

  @Override
  public EmbeddingRecord decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    String key = in.readUTF();
    String part = in.readUTF();
    int colour = in.readInt();
    int view = in.readInt();
    String model = in.readUTF();
    String version = in.readUTF();
    byte[] bytes = new byte[in.readInt() * 4];
    in.readFully(bytes);
    float[] v = new float[bytes.length / 4];
    java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
    return new EmbeddingRecord(key, part, colour, view, model, version, v);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingRecordCoder;
  }

  @Override
  public int hashCode() {
    return EmbeddingRecordCoder.class.hashCode();
  }
}
