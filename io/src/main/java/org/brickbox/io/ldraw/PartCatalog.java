package org.brickbox.io.ldraw;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The top-level parts of a library ({@code parts/*.dat}, not {@code parts/s/}). Ids come from the file index
 * without reading anything; headers are read on demand (header lines only) and kept.
 */
public final class PartCatalog {
  private static final String PARTS_DIR = "parts";
  private static final String EXTENSION = ".dat";

  private final LibraryIndex index;
  private final ParsedFileCache cache;
  private final List<String> partIds;
  private final Map<String, PartHeader> headers = new ConcurrentHashMap<>();

  PartCatalog(LibraryIndex index, ParsedFileCache cache) {
    this.index = index;
    this.cache = cache;
    this.partIds = index.keysIn(PARTS_DIR, EXTENSION).stream().map(LDrawParser::idOf).toList();
  }

  /** Lower-case id without {@code .dat}: {@code 3001.DAT} → {@code 3001}. */
  static String normaliseId(String partId) {
    String id = partId.trim().toLowerCase(Locale.ROOT);
    return id.endsWith(EXTENSION) ? id.substring(0, id.length() - EXTENSION.length()) : id;
  }

  static String keyOf(String normalisedId) {
    return PARTS_DIR + "/" + normalisedId + EXTENSION;
  }

  /** All top-level part ids, sorted. */
  public List<String> partIds() {
    return partIds;
  }

  public boolean contains(String partId) {
    String id = normaliseId(partId);
    return !id.contains("/") && !id.contains("\\") && index.contains(keyOf(id));
  }

  /** The header of a known part; throws {@link LDrawException} for an unknown id. */
  public PartHeader header(String partId) {
    if (!contains(partId)) throw new LDrawException("part '" + partId + "' not found in " + PARTS_DIR + "/");
    return headers.computeIfAbsent(normaliseId(partId), id -> cache.header(keyOf(id)));
  }

  /** Headers of every part, in id order; reads them in parallel the first time. */
  public List<PartHeader> headers() {
    return partIds.parallelStream().map(this::header).toList();
  }
}
