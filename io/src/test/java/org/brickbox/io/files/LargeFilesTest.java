package org.brickbox.io.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Flink TaskManager caps direct memory near 400 MB, most of it network buffers; a file written or read through an
 * NIO channel in one call borrows a direct buffer as large as the file (the whole-library index build failed so).
 */
class LargeFilesTest {
  private static final int SIZE = 48 << 20;
  /** What a write or read may add to the JVM's direct memory: a few slices, far below the file's size. */
  private static final long MOST_DIRECT_GROWTH = 8 << 20;

  @Test
  void largeFilesAreCopiedWrittenAndReadWithoutADirectBufferAsLargeAsThem(@TempDir Path dir) throws Exception {
    byte[] bytes = new byte[SIZE];
    new SplittableRandom(7).nextBytes(bytes);
    Path built = dir.resolve("hnsw-graph.vex"); // a file a library wrote, as Lucene writes the HNSW graph
    Files.write(built, bytes);
    var copied = OutputFiles.resolve(dir.toString(), "out/index/hnsw/graph.vex");
    var written = OutputFiles.resolve(dir.toString(), "out/index/vectors.npy");

    long copying = directGrowthInFreshThread(() -> OutputFiles.copyAtomically(built, copied, "application/octet-stream"));
    long writing = directGrowthInFreshThread(() -> OutputFiles.writeAtomically(written, bytes, "application/octet-stream"));
    AtomicReference<byte[]> output = new AtomicReference<>();
    long readingOutput = directGrowthInFreshThread(() -> output.set(OutputFiles.read(written)));
    AtomicReference<byte[]> file = new AtomicReference<>();
    long readingFile = directGrowthInFreshThread(() -> file.set(LargeFiles.read(dir.resolve("out/index/vectors.npy"))));

    assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("out/index/hnsw/graph.vex")));
    assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("out/index/vectors.npy")));
    assertArrayEquals(bytes, output.get());
    assertArrayEquals(bytes, file.get());
    assertTrue(copying < MOST_DIRECT_GROWTH, "copying 48 MB took " + copying + " bytes of direct memory");
    assertTrue(writing < MOST_DIRECT_GROWTH, "writing 48 MB took " + writing + " bytes of direct memory");
    assertTrue(readingOutput < MOST_DIRECT_GROWTH, "reading 48 MB took " + readingOutput + " bytes of direct memory");
    assertTrue(readingFile < MOST_DIRECT_GROWTH, "reading 48 MB took " + readingFile + " bytes of direct memory");
  }

  @Test
  void aFileIsReadWholeWhateverItsSize(@TempDir Path dir) throws Exception {
    for (int size : new int[] {0, 1, LargeFiles.SLICE - 1, LargeFiles.SLICE, 3 * LargeFiles.SLICE + 17}) {
      byte[] bytes = new byte[size];
      new SplittableRandom(size).nextBytes(bytes);
      Path file = dir.resolve("f" + size);
      Files.write(file, bytes);
      assertArrayEquals(bytes, LargeFiles.read(file), "size " + size);
    }
  }

  private interface Io {
    void run() throws IOException;
  }

  /**
   * The direct memory the JVM holds after {@code io} ran on a new thread, less before. A new thread, because the JDK
   * caches its temporary direct buffers per thread: one left by an earlier test would hide the allocation.
   */
  private static long directGrowthInFreshThread(Io io) throws Exception {
    AtomicLong growth = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      long before = directUsed();
      try {
        io.run();
      } catch (Throwable t) {
        failure.set(t);
      }
      growth.set(directUsed() - before);
    });
    thread.start();
    thread.join();
    if (failure.get() != null) throw new AssertionError(failure.get());
    return growth.get();
  }

  private static long directUsed() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }
}
