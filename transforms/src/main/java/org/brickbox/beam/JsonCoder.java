package org.brickbox.beam;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.brickbox.io.records.Json;

/**
 * Encodes BrickBox records as length-prefixed JSON with the project's one Jackson configuration. Records cross
 * runner boundaries (DirectRunner, Flink) in the same shape they are written to disk, and encoding is
 * deterministic because map keys are sorted.
 */
public final class JsonCoder<T> extends CustomCoder<T> {
  private final Class<T> type;

  private JsonCoder(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonCoder<T> of(Class<T> type) {
    return new JsonCoder<>(type);
  }

  @Override
  public void encode(T value, OutputStream outStream) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(value);
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public T decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return Json.mapper().readValue(bytes, type);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof JsonCoder<?> that && that.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }
}
