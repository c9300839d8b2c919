package org.brickbox.io.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.records.Json;

/**
 * Every run's final manifest, kept as {@code OUT/history/NNNN-manifest.json} (0001, 0002, ...: the next number
 * after the highest present), so runs into one output can be compared and retrain rules can look back. Works on
 * any Beam FileSystem. One run writes into an output at a time (the nightly script holds a lock), so the next
 * number is free when it is taken.
 */
public final class RunHistory {
  public static final String DIR = "history";
  private static final Pattern ENTRY = Pattern.compile("(\\d{4,})-manifest\\.json");

  private RunHistory() {}

  /** Appends {@code manifest} as the next entry; returns the entry's number. */
  public static int append(String outputDir, Manifest manifest) throws IOException {
    TreeMap<Integer, String> entries = entries(outputDir);
    int next = entries.isEmpty() ? 1 : entries.lastKey() + 1;
    OutputFiles.writeAtomically(OutputFiles.resolve(outputDir, DIR + "/" + name(next)), Json.pretty(manifest),
        "application/json");
    return next;
  }

  /** The last {@code n} runs, oldest first (fewer when the history is shorter; empty when there is none). */
  public static List<Manifest> recent(String outputDir, int n) throws IOException {
    List<String> uris = new ArrayList<>(entries(outputDir).values());
    List<Manifest> runs = new ArrayList<>();
    for (String uri : uris.subList(Math.max(0, uris.size() - n), uris.size())) {
      runs.add(Json.read(OutputFiles.read(FileSystems.matchNewResource(uri, false)), Manifest.class));
    }
    return runs;
  }

  static String name(int number) {
    return String.format("%04d-manifest.json", number);
  }

  /** Entry number → URI, in number order. */
  private static TreeMap<Integer, String> entries(String outputDir) throws IOException {
    MatchResult match = FileSystems.match(OutputFiles.resolve(outputDir, DIR + "/*-manifest.json").toString(),
        EmptyMatchTreatment.ALLOW);
    TreeMap<Integer, String> entries = new TreeMap<>();
    if (match.status() == MatchResult.Status.NOT_FOUND) return entries;
    for (MatchResult.Metadata file : match.metadata()) {
      Matcher m = ENTRY.matcher(file.resourceId().getFilename());
      if (m.matches()) entries.put(Integer.parseInt(m.group(1)), file.resourceId().toString());
    }
    return entries;
  }
}
