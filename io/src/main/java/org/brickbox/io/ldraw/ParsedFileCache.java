package org.brickbox.io.ldraw;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Parsed files by key, shared by all threads: each file is read and parsed at most once per library. */
final class ParsedFileCache {
  private final LibraryIndex index;
  private final ConcurrentHashMap<String, LDrawFile> byKey = new ConcurrentHashMap<>();
  private final LongAdder parses = new LongAdder();

  ParsedFileCache(LibraryIndex index) {
    this.index = index;
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
    return cached != null ? cached.header() : LDrawParser.parseHeader(key, read(key));
  }

  private byte[] read(String key) {
    try {
      return Files.readAllBytes(index.path(key));
    } catch (IOException e) {
      throw new LDrawException(new LDrawProblem(key, 0, "cannot read: " + e), List.of(), e);
    }
  }

  /** How many parses ran: equals the number of distinct files parsed, as each is parsed once. */
  long parseCount() {
    return parses.sum();
  }
}
