package org.brickbox.pipeline.catalogue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hand-curated part of a catalogue: its size, each family's share, parts to take whatever their rank, and parts
 * never to take. One statement a line, {@code #} starts a comment:
 *
 * <pre>
 * size 1000
 * quota plate 95               # parts of the family in the whole catalogue, the base list's included
 * include 87580 99206          # taken before the ranked picks of their family
 * include other: 3626c 973     # ... in the named family: for parts no family takes by their category
 * exclude 3127a 3127b          # never taken by rank
 * </pre>
 *
 * @param includes id → the family named on the line, if any, in file order
 */
record Curation(int size, Map<Family, Integer> quotas, Map<String, Optional<Family>> includes, Set<String> excludes) {
  Curation {
    quotas = Collections.unmodifiableMap(new EnumMap<>(quotas));
    includes = Collections.unmodifiableMap(new LinkedHashMap<>(includes));
    excludes = Collections.unmodifiableSet(new LinkedHashSet<>(excludes));
  }

  static Curation read(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses the lines of {@code source}; a bad line fails with its file and line number. */
  static Curation parse(List<String> lines, String source) {
    int size = -1;
    Map<Family, Integer> quotas = new EnumMap<>(Family.class);
    Map<String, Optional<Family>> includes = new LinkedHashMap<>();
    Set<String> excludes = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).replaceFirst("#.*", "").trim();
      if (line.isEmpty()) continue;
      String where = source + ":" + (i + 1);
      String[] w = line.split("\\s+");
      try {
        switch (w[0]) {
          case "size" -> {
            arity(w, 2, 2);
            size = Integer.parseInt(w[1]);
          }
          case "quota" -> {
            arity(w, 3, 3);
            if (quotas.put(Family.ofKey(w[1]), Integer.parseInt(w[2])) != null) throw new IllegalArgumentException(
                "second quota for " + w[1]);
          }
          case "include" -> {
            arity(w, 2, Integer.MAX_VALUE);
            int first = 1;
            Optional<Family> family = Optional.empty();
            if (w[1].endsWith(":")) {
              family = Optional.of(Family.ofKey(w[1].substring(0, w[1].length() - 1)));
              first = 2;
              arity(w, 3, Integer.MAX_VALUE);
            }
            for (int k = first; k < w.length; k++) {
              if (includes.put(w[k], family) != null) throw new IllegalArgumentException(w[k] + " is included twice");
            }
          }
          case "exclude" -> {
            arity(w, 2, Integer.MAX_VALUE);
            for (int k = 1; k < w.length; k++) {
              if (!excludes.add(w[k])) throw new IllegalArgumentException(w[k] + " is excluded twice");
            }
          }
          default -> throw new IllegalArgumentException(
              "unknown statement '" + w[0] + "' (size, quota, include or exclude)");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    if (size < 0) throw new IllegalArgumentException(source + ": no 'size' line");
    int total = quotas.values().stream().mapToInt(Integer::intValue).sum();
    if (total != size) throw new IllegalArgumentException(source + ": quotas add up to " + total + ", not " + size);
    for (String id : includes.keySet()) {
      if (excludes.contains(id)) throw new IllegalArgumentException(source + ": " + id + " is included and excluded");
    }
    return new Curation(size, quotas, includes, excludes);
  }

  private static void arity(String[] words, int min, int max) {
    if (words.length < min || words.length > max) {
      throw new IllegalArgumentException("'" + words[0] + "' takes " + (max == Integer.MAX_VALUE
          ? "at least " + (min - 1) : min == max ? String.valueOf(min - 1) : (min - 1) + "-" + (max - 1))
          + " argument(s), got " + (words.length - 1));
    }
  }

  int quota(Family family) {
    return quotas.getOrDefault(family, 0);
  }
}
