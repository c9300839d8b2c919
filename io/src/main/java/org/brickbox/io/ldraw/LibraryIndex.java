package org.brickbox.io.ldraw;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every file of the library by lower-case, slash-separated path relative to the root (its "key"), built once
 * at open so that sub-file lookup is case-insensitive and never touches the file system. Symbolic links that
 * resolve outside the root are remembered as escaping, so a reference to one fails instead of being read.
 */
final class LibraryIndex {
  /** Where sub-files are searched after the referencing file's own directory, in order. */
  private static final List<String> SEARCH_DIRS = List.of("parts", "p", "models");

  private final Path root;
  private final Map<String, Path> files;
  private final Set<String> escaping;
  private final String fingerprint;

  private LibraryIndex(Path root, Map<String, Path> files, Set<String> escaping, String fingerprint) {
    this.root = root;
    this.files = files;
    this.escaping = escaping;
    this.fingerprint = fingerprint;
  }

  static LibraryIndex build(Path root) throws IOException {
    Path realRoot = root.toRealPath();
    Map<String, Path> files = new HashMap<>();
    Set<String> escaping = new HashSet<>();
    long[] sum = new long[2];
    Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String key = realRoot.relativize(file).toString().replace('\\', '/').toLowerCase(Locale.ROOT);
        if (attrs.isSymbolicLink()) {
          Path target = file.toRealPath();
          if (!target.startsWith(realRoot)) {
            escaping.add(key);
            return FileVisitResult.CONTINUE;
          }
          if (!Files.isRegularFile(target)) return FileVisitResult.CONTINUE;
        }
        files.putIfAbsent(key, file);
        // Order-independent digest of (path, size, modification time): changes when any file is edited.
        long h = (key.hashCode() * 31L + attrs.size()) * 1_000_003L + attrs.lastModifiedTime().toMillis() * 7919L
            + attrs.lastModifiedTime().toInstant().getNano();
        sum[0] += h * 0x9E3779B97F4A7C15L;
        sum[1] ^= Long.rotateLeft(h, 17) * 0xC2B2AE3D27D4EB4FL;
        return FileVisitResult.CONTINUE;
      }
    });
    return new LibraryIndex(realRoot, Collections.unmodifiableMap(files), Collections.unmodifiableSet(escaping),
        files.size() + "-" + Long.toHexString(sum[0]) + Long.toHexString(sum[1]));
  }

  /** Cheap identity of the library's state (file count, and a digest of every file's path, size and time). */
  String fingerprint() {
    return fingerprint;
  }

  Path root() {
    return root;
  }

  boolean contains(String key) {
    return files.containsKey(key);
  }

  Path path(String key) {
    Path path = files.get(key);
    if (path == null) throw new IllegalArgumentException("not in the library index: " + key);
    return path;
  }

  /** Keys of the files directly inside {@code dir} (no sub-directories) whose names end with {@code suffix}. */
  List<String> keysIn(String dir, String suffix) {
    String prefix = dir + "/";
    List<String> keys = new ArrayList<>();
    for (String key : files.keySet()) {
      if (key.startsWith(prefix) && key.endsWith(suffix) && key.indexOf('/', prefix.length()) < 0) keys.add(key);
    }
    Collections.sort(keys);
    return keys;
  }

  /** Outcome of resolving a type-1 reference: the target key, or an error message (exactly one is non-null). */
  record Resolution(String key, String error) {}

  /** Resolves {@code reference} (as written in a type-1 line) made from the file {@code fromKey}. */
  Resolution resolve(String reference, String fromKey) {
    String name = reference.trim().replace('\\', '/').toLowerCase(Locale.ROOT);
    if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
      return new Resolution(null, "reference '" + reference + "' is an absolute path outside the library root");
    }
    int slash = fromKey.lastIndexOf('/');
    List<String> dirs = new ArrayList<>();
    dirs.add(slash < 0 ? "" : fromKey.substring(0, slash));
    for (String dir : SEARCH_DIRS) if (!dirs.contains(dir)) dirs.add(dir);
    for (String dir : dirs) {
      String key = normalise(dir.isEmpty() ? name : dir + "/" + name);
      if (key == null || escaping.contains(key)) {
        return new Resolution(null, "reference '" + reference + "' escapes the library root");
      }
      if (files.containsKey(key)) return new Resolution(key, null);
    }
    return new Resolution(null, "sub-file '" + reference + "' not found");
  }

  /** Collapses {@code .} and {@code ..} segments; null when {@code ..} climbs above the root. */
  private static String normalise(String path) {
    if (!path.startsWith(".") && !path.contains("/.") && !path.contains("//")) return path;
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) continue;
      if (segment.equals("..")) {
        if (segments.isEmpty()) return null;
        segments.remove(segments.size() - 1);
      } else {
        segments.add(segment);
      }
    }
    return String.join("/", segments);
  }
}
