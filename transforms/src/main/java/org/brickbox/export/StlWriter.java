package org.brickbox.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Binary STL: an 80-byte header naming the part (ASCII, zero-padded, never starting with {@code solid} so no reader
 * takes it for ASCII STL), the triangle count, then per triangle the unit facet normal, three corners in
 * millimetres and a zero attribute word. No colours.
 */
final class StlWriter {
  private static final int HEADER_BYTES = 80;
  private static final int TRIANGLE_BYTES = 12 * Float.BYTES + 2;

  private StlWriter() {}

  static void write(ExportMesh mesh, OutputStream out) throws IOException {
    BufferedOutputStream body = new BufferedOutputStream(out, 1 << 16);
    byte[] header = new byte[HEADER_BYTES];
    byte[] title = ("brickbox export " + mesh.partId() + " units=mm up=+Z").getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(title, 0, header, 0, Math.min(title.length, HEADER_BYTES));
    body.write(header);
    ByteBuffer record = ByteBuffer.allocate(TRIANGLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt(mesh.triangleCount());
    body.write(record.array(), 0, Integer.BYTES);
    for (int t = 0; t < mesh.triangleCount(); t++) {
      record.clear();
      for (int axis = 0; axis < 3; axis++) record.putFloat(mesh.faceNormal(t, axis));
      for (int c = 0; c < 3; c++) {
        for (int axis = 0; axis < 3; axis++) record.putFloat((float) mesh.position(mesh.corner(t, c), axis));
      }
      record.putShort((short) 0);
      body.write(record.array(), 0, TRIANGLE_BYTES);
    }
    body.flush();
  }
}
