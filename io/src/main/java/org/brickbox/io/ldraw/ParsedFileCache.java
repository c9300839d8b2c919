package org.brickbox.io.ldraw;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.brickbox.io.files.LargeFiles;

/** Parsed files by key, shared by all threads: each file is read and parsed at most once per library. */
final class ParsedFileCache {
  private final LibraryIndex index;
  private final long maxFileBytes;
  private final ConcurrentHashMap<String, LDrawFile> byKey = new ConcurrentHashMap<>();
  private final LongAdder parses = new LongAdder();
  static final int HEADER_BYTES = 256 * 1024;

  ParsedFileCache(LibraryIndex index, long maxFileBytes) {
    this.index = index;
    this.maxFileBytes = maxFileBytes;
  }

  /** The parsed file for an indexed key; throws {@link LDrawException} when it cannot be read. */
  LDrawFile get(String key) {
    LDrawFile cached = byKey.get(key); // lock-free fast path; computeIfAbsent may lock a bin
    return cached != null ? cached : byKey.computeIfAbsent(key, this::parse);
  }

  private LDrawFile parse(String key) {
    parses.increment();
    return LDrawParser.parse(index, key, read(key));
  }

  /** The header of a file, from the parsed file when cached, else from a header-only read (not cached here). */
  PartHeader header(String key) {
    LDrawFile cached = byKey.get(key);
    return cached != null ? cached.header() : LDrawParser.parseHeader(key, head(key));
  }

  /** The file's bytes; one larger than the limit is refused from its size, before anything is read. */
  private byte[] read(String key) {
    try {
      long size = Files.size(index.path(key));
      if (size > maxFileBytes) {
        throw new LDrawException(new LDrawProblem(key, 0, "file is " + size + " bytes, over the limit of " + maxFileBytes
            + " bytes per LDraw file"), List.of(), null);
      }
      return LargeFiles.read(index.path(key));
    } catch (IOException e) {
      throw new LDrawException(new LDrawProblem(key, 0, "cannot read: " + e), List.of(), e);
    }
  }

  /**
   * The first {@link #HEADER_BYTES} of a file, cut after its last whole line: enough for any header (meta lines
   * come first), so that listing parts never reads a huge file whole, nor fails on one the parse limit refuses.
   */
  private byte[] head(String key) {
    try (InputStream in = Files.newInputStream(index.path(key))) {
      byte[] head = in.readNBytes(HEADER_BYTES);
      if (head.length < HEADER_BYTES || in.read() < 0) return head;
      int end = head.length;
      while (end > 0 && head[end - 1] != '\n') end--;
      return Arrays.copyOf(head, end);
    } catch (IOException e) {
      throw new LDrawException(new LDrawProblem(key, 0, "cannot read: " + e), List.of(), e);
    }
  }

  /** How many parses ran: equals the number of distinct files parsed, as each is parsed once. */
  long parseCount() {
    return parses.sum();
  }
}
