package org.brickbox.io.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads local files of any size in slices of at most 1 MiB. Given a heap array, a Java NIO file channel copies
 * it through a temporary direct buffer as large as the array and keeps that buffer cached for the thread's life.
 * A Flink TaskManager caps direct memory (about 400 MB, most of it network buffers): reading an 83 MB HNSW file in
 * one call ({@code Files.readAllBytes}) failed the whole-library index build with "Cannot reserve 83189860 bytes of
 * direct buffer memory", and the restart redid the whole run.
 */
public final class LargeFiles {
  static final int SLICE = 1 << 20;

  private LargeFiles() {}

  /** The whole content of a local file, read a slice at a time. */
  public static byte[] read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException(file + " is too large to hold in memory (" + size + " bytes)");
      }
      byte[] bytes = new byte[(int) size];
      int filled = 0;
      for (int n; filled < bytes.length && (n = in.read(bytes, filled, Math.min(SLICE, bytes.length - filled))) >= 0; ) {
        filled += n;
      }
      if (filled < bytes.length) return Arrays.copyOf(bytes, filled); // shrank since its size was read
      byte[] more = in.readAllBytes(); // grew since its size was read (a stream reads in small slices)
      if (more.length == 0) return bytes;
      byte[] all = Arrays.copyOf(bytes, bytes.length + more.length);
      System.arraycopy(more, 0, all, bytes.length, more.length);
      return all;
    }
  }
}
