package org.brickbox.embed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} (format 1.0) for float32 matrices: readable with {@code numpy.load} and most array
 * libraries without BrickBox. Magic, version 1.0, little-endian header length, a Python dict literal padded with
 * spaces to a multiple of 64 bytes and ending in a newline, then row-major little-endian float32 data.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)");

  private Npy() {}

  /** Writes {@code rows} (each of length {@code columns}) as a float32 [rows, columns] array. */
  public static void writeFloat32(OutputStream out, List<float[]> rows, int columns) throws IOException {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.size() + ", " + columns + "), }";
    int unpadded = MAGIC.length + 2 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    out.write(MAGIC);
    out.write(header.length() & 0xFF);
    out.write(header.length() >>> 8);
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer row = ByteBuffer.allocate(columns * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] r : rows) {
      if (r.length != columns) throw new IOException("npy: row of " + r.length + " values, expected " + columns);
      row.clear();
      row.asFloatBuffer().put(r);
      out.write(row.array());
    }
  }

  /**
   * The layout a float32 [rows, columns] file declares.
   *
   * @param dataOffset where the values start: the header's length
   */
  public record Shape(int rows, int columns, int dataOffset) {
    /** The file size this shape needs. */
    public long fileSize() {
      return dataOffset + (long) rows * columns * 4;
    }
  }

  /**
   * Reads the header of a float32 [rows, columns] file from its first bytes (a few hundred suffice) and checks
   * it against the file's size, so that a truncated or padded file is found without reading its values.
   */
  public static Shape shape(byte[] head, long fileSize) throws IOException {
    if (head.length < 10) throw new IOException("npy: " + fileSize + " bytes, shorter than a header");
    for (int i = 0; i < MAGIC.length - 2; i++) {
      if (head[i] != MAGIC[i]) throw new IOException("not an .npy file");
    }
    int headerLength = (head[8] & 0xFF) | (head[9] & 0xFF) << 8;
    if (10 + headerLength > head.length) throw new IOException("npy: header cut off");
    String header = new String(head, 10, headerLength, StandardCharsets.US_ASCII);
    if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
      throw new IOException("npy: expected little-endian float32 in C order, header " + header.strip());
    }
    Matcher m = SHAPE.matcher(header);
    if (!m.find()) throw new IOException("npy: expected a 2-d shape, header " + header.strip());
    Shape shape = new Shape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 10 + headerLength);
    if (shape.fileSize() != fileSize) {
      throw new IOException("npy: shape (" + shape.rows() + ", " + shape.columns() + ") needs " + shape.fileSize()
          + " bytes, the file has " + fileSize + " (truncated or damaged)");
    }
    return shape;
  }

  /**
   * Reads a float32 [rows, columns] file written by {@link #writeFloat32} (or NumPy), a megabyte at a time: the
   * rows are the only copy of the values in memory (a whole-library index's 360 MB of vectors was read whole, then
   * converted: twice that, transiently).
   */
  public static float[][] readFloat32(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return readFloat32(channel, channel.size(), file.toString());
    }
  }

  /** Reads a float32 [rows, columns] array written by {@link #writeFloat32} (or NumPy). */
  public static float[][] readFloat32(byte[] bytes) throws IOException {
    return readFloat32(Channels.newChannel(new ByteArrayInputStream(bytes)), bytes.length, "npy bytes");
  }

  /** The header (checked against {@code size}), then the values a chunk at a time into the rows. */
  private static float[][] readFloat32(ReadableByteChannel in, long size, String name) throws IOException {
    ByteBuffer preamble = readUpTo(in, 10);
    int headerLength = preamble.limit() < 10 ? 0 : (preamble.get(8) & 0xFF) | (preamble.get(9) & 0xFF) << 8;
    ByteBuffer header = readUpTo(in, headerLength);
    byte[] head = new byte[preamble.limit() + header.limit()];
    preamble.get(head, 0, preamble.limit());
    header.get(head, preamble.limit(), header.limit());
    Shape shape = shape(head, size);
    int rows = shape.rows();
    int cols = shape.columns();
    float[][] out = new float[rows][cols];
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(4, size))).order(ByteOrder.LITTLE_ENDIAN);
    chunk.flip();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (chunk.remaining() < 4) {
          chunk.compact(); // keeps a float split across two reads
          while (chunk.position() < 4 && in.read(chunk) >= 0) {
            // at least one whole float; the size was checked against the shape
          }
          if (chunk.position() < 4) throw new IOException("npy: " + name + " ended early");
          chunk.flip();
        }
        out[r][c] = chunk.getFloat();
      }
    }
    return out;
  }

  /** Up to {@code n} bytes, fewer only at the end of the input; flipped for reading. */
  private static ByteBuffer readUpTo(ReadableByteChannel in, int n) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(n);
    while (buffer.hasRemaining() && in.read(buffer) >= 0) {
      // a channel may return fewer bytes than asked before its end
    }
    return buffer.flip();
  }
}
