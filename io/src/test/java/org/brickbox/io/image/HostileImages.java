package org.brickbox.io.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Images made to hurt a decoder, for the tests of whatever reads photos from outside (identify, serve). */
public final class HostileImages {
  private HostileImages() {}

  /**
   * A decompression bomb: a valid PNG signature and IHDR declaring {@code width} × {@code height} 8-bit RGB pixels,
   * an IDAT holding one deflated row only, and IEND. Under a kilobyte for 30,000 × 30,000, which would decode to
   * 2.7 GB.
   */
  public static byte[] pngDeclaring(int width, int height) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[1 + width * 3]); // filter byte + one row of black pixels
    deflater.finish();
    byte[] buffer = new byte[64 * 1024];
    int n = deflater.deflate(buffer);
    deflater.end();
    chunk(png, "IDAT", Arrays.copyOf(buffer, n));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  /** The first {@code share} of a file, as an interrupted upload leaves it. */
  public static byte[] truncated(byte[] encoded, double share) {
    return Arrays.copyOf(encoded, (int) (encoded.length * share));
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    png.writeBytes(name);
    png.writeBytes(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
