package org.brickbox.io.records;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads JSONL files written by BrickBox (one JSON document per line). */
public final class JsonLines {
  private JsonLines() {}

  public static <T> List<T> read(Path file, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) continue;
        try {
          out.add(Json.read(line, type));
        } catch (RuntimeException e) {
          throw new IOException(file + ":" + number + ": not a " + type.getSimpleName() + " record", e);
        }
      }
    }
    return out;
  }

  /** Reads every file matching {@code prefix*suffix} in {@code dir}, in file-name order. */
  public static <T> List<T> readAll(Path dir, String prefix, String suffix, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> {
            String n = f.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(suffix);
          }).sorted().toList()) {
        out.addAll(read(file, type));
      }
    }
    return out;
  }
}
