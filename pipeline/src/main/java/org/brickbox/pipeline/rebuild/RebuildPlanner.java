package org.brickbox.pipeline.rebuild;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.stages.embed.VectorJournal;
import org.brickbox.stages.embed.VectorShards;
import org.brickbox.stages.fuse.PhotoReference;
import org.brickbox.stages.qa.QaStage;
import org.brickbox.stages.render.RenderJournal;
import org.brickbox.stages.render.RenderRecord;
import org.brickbox.stages.render.RenderTask;

/**
 * Decides an incremental rebuild (pure: the caller reads the previous outputs and the library). A planned key is
 * unchanged when the previous run recorded it with the same part closure, colour definition, settings and
 * renderer hashes, and its image and mask are on disk (and, after an interrupted run, still hold the recorded
 * bytes); after a run that failed or was killed, the records it wrote as it made its images count too. Unchanged
 * keys are kept; their vectors too unless the model changed (or, after such a run, from its journaled vectors of
 * the very same image bytes). Everything else is rendered.
 */
public final class RebuildPlanner {
  private RebuildPlanner() {}

  /**
   * What the current run is, for the decision whether anything at all must run.
   *
   * @param modelSpec the embedding model spec and {@code modelVersion} its version; both null without embed
   * @param versions the versions that decide outputs (brickbox, renderer, model, the QA and Fuse stages)
   * @param shardFiles the record, vector and photo-reference shard file names this run writes
   */
  /**
   * @param photosToPrepare the user's photos ({@code --photos}) that have no current reference yet
   * @param qaBaseline the build QA compares images with ({@code --qaBaseline}), or null
   */
  public record Current(boolean incremental, int viewsPerTask, String modelSpec, String modelVersion,
      String optionsHash, Map<String, String> versions, Set<String> shardFiles, int photosToPrepare,
      String qaBaseline) {
    /** A run without photos to prepare or a QA baseline. */
    public Current(boolean incremental, int viewsPerTask, String modelSpec, String modelVersion, String optionsHash,
        Map<String, String> versions, Set<String> shardFiles) {
      this(incremental, viewsPerTask, modelSpec, modelVersion, optionsHash, versions, shardFiles, 0, null);
    }
  }

  public static RebuildPlan plan(List<KeyInputs> planned, PreviousOutputs previous, Current current,
      Predicate<RenderRecord> intact) {
    Map<String, RenderRecord> before = new HashMap<>();
    for (RenderRecord r : previous.records()) before.put(r.key(), r);
    // Images a run made before it failed or was killed, recorded as they were made (oldest file first, so a later
    // run's record of a key supersedes an earlier one's and the shards'). After a run that finished, its shards
    // hold every record and the journal is only left to delete.
    Map<String, String> madeIn = new HashMap<>();
    if (previous.unfinished()) {
      for (PreviousOutputs.MadeRecords file : previous.made()) {
        for (RenderRecord r : file.records()) {
          before.put(r.key(), r);
          madeIn.put(r.key(), file.file());
        }
      }
    }
    boolean incremental = current.incremental() && !before.isEmpty();
    Map<String, VectorShards.IndexLine> vectorsBefore = new HashMap<>();
    for (VectorShards.IndexLine line : previous.vectors()) vectorsBefore.put(line.key(), line);
    // Vectors a run embedded before it failed or was killed, with the current model, oldest first: each names the
    // bytes of its image, so it is kept only beside that very image.
    Map<String, List<PreviousOutputs.MadeVectors>> madeVectorFiles = new HashMap<>();
    if (previous.unfinished() && current.modelSpec() != null) {
      for (PreviousOutputs.MadeVectors file : previous.madeVectors()) {
        for (VectorShards.IndexLine line : file.lines()) {
          if (sameModel(line, current)) madeVectorFiles.computeIfAbsent(line.key(), x -> new ArrayList<>()).add(file);
        }
      }
    }

    Set<String> carried = new TreeSet<>();
    Set<String> reused = new TreeSet<>();
    Map<String, Set<String>> vectorSources = new TreeMap<>();
    Set<String> vectorsFromShards = new TreeSet<>();
    Map<String, String> replaced = new TreeMap<>();
    Map<String, List<Integer>> viewsToRender = new LinkedHashMap<>();
    Map<String, Long> why = new TreeMap<>();
    Set<String> plannedKeys = new HashSet<>();
    for (KeyInputs k : planned) {
      plannedKeys.add(k.key());
      RenderRecord old = before.get(k.key());
      String change = !incremental ? null : changeOf(k, old, previous.imageFiles(), previous.unfinished(), intact);
      if (incremental && change == null) {
        carried.add(k.key());
        if (current.modelSpec() == null) continue;
        // A shard's vector belongs to the shard's record: not to an image made since by a run that did not finish.
        VectorShards.IndexLine v = vectorsBefore.get(k.key());
        if (!madeIn.containsKey(k.key()) && v != null && sameModel(v, current)) {
          reused.add(k.key());
          vectorsFromShards.add(k.key());
          continue;
        }
        String file = madeVectorOf(k.key(), old.imageSha256(), madeVectorFiles.getOrDefault(k.key(), List.of()));
        if (file != null) {
          reused.add(k.key());
          vectorSources.computeIfAbsent(file, f -> new TreeSet<>()).add(k.key());
        }
        continue;
      }
      if (change != null) why.merge(change, 1L, Long::sum);
      viewsToRender.computeIfAbsent(k.partId(), p -> new ArrayList<>()).add(k.viewIndex());
      if (incremental && old != null && previous.imageFiles().contains(old.image())) {
        replaced.put(old.image(), old.imageSha256());
      }
    }
    List<RenderTask> tasks = new ArrayList<>();
    viewsToRender.forEach((part, views) -> tasks.addAll(RenderTask.cover(part, views, current.viewsPerTask())));
    Map<String, Set<String>> recordSources = new TreeMap<>();
    Set<String> fromShards = new TreeSet<>();
    for (String key : carried) {
      String file = madeIn.get(key);
      if (file == null) fromShards.add(key);
      else recordSources.computeIfAbsent(file, f -> new TreeSet<>()).add(key);
    }
    long fromJournal = carried.size() - fromShards.size();
    if (!fromShards.isEmpty()) for (String uri : previous.recordFiles()) recordSources.put(uri, fromShards);
    long vectorsFromJournal = reused.size() - vectorsFromShards.size();
    if (!vectorsFromShards.isEmpty()) {
      for (String uri : previous.vectorFiles()) vectorSources.put(uri, vectorsFromShards);
    }
    // An earlier run measured the images kept from the shards (not those a run that did not finish made since, whose
    // previous/ copy may be new); QA reuses each measurement that is of the same bytes.
    Map<String, Set<String>> verdictSources = new TreeMap<>();
    Manifest measuredBy = previous.verdicts().run();
    if (!fromShards.isEmpty() && sameMeasurements(measuredBy, current)) {
      for (String uri : previous.verdicts().files()) verdictSources.put(uri, fromShards);
    }

    Set<String> plannedFiles = new HashSet<>();
    for (KeyInputs k : planned) {
      plannedFiles.add(k.image());
      plannedFiles.add(k.mask());
    }
    List<String> stale = new ArrayList<>();
    long removedKeys = 0;
    for (RenderRecord r : before.values()) {
      if (plannedKeys.contains(r.key())) continue;
      removedKeys++;
      for (String file : new String[] {r.image(), r.mask()}) {
        if (file != null && !plannedFiles.contains(file) && previous.imageFiles().contains(file)) stale.add(file);
      }
    }
    stale.sort(null);

    long renderKeys = planned.size() - carried.size();
    long embedImages = current.modelSpec() == null ? 0 : planned.size() - reused.size();
    Manifest last = previous.lastFinished();
    List<String> changes = configurationChanges(last, current);
    // A photo without a current reference (new, changed, lost or unusable last time) is work: the graph runs.
    boolean shortCircuit = incremental && renderKeys == 0 && removedKeys == 0 && !previous.interrupted()
        && previous.corrupt().isEmpty()
        && (current.modelSpec() == null || embedImages == 0) && current.photosToPrepare() == 0
        && changes.isEmpty() && shardFilesOf(previous).equals(current.shardFiles());
    String reason = reason(current, previous, incremental, carried.size(), fromJournal, renderKeys, why,
        embedImages, reused.size(), vectorsFromJournal, removedKeys, shortCircuit);
    if (incremental && !shortCircuit && last != null && !changes.isEmpty()) {
      reason += "; since run " + last.runId() + ": " + String.join(", ", changes);
    }
    if (!shortCircuit && !verdictSources.isEmpty()) {
      reason += "; QA measures only images it has not measured as they are (run " + measuredBy.runId()
          + " measured the others)";
    }
    List<String> staleShards = new ArrayList<>();
    for (String uri : previous.recordFiles()) {
      if (!current.shardFiles().contains(fileName(uri))) staleShards.add(uri);
    }
    // Photo references of a run with --photos, when this one has none, and the crops they name: the index no longer
    // holds them.
    List<String> stalePhotoFiles = previous.photoFiles().stream()
        .filter(uri -> !current.shardFiles().contains(fileName(uri))).toList();
    staleShards.addAll(stalePhotoFiles);
    if (!stalePhotoFiles.isEmpty()) {
      String outUri = stalePhotoFiles.get(0).substring(0, stalePhotoFiles.get(0).lastIndexOf("/records/") + 1);
      for (PhotoReference r : previous.photoReferences()) for (String crop : r.crops()) staleShards.add(outUri + crop);
    }
    if (current.modelSpec() != null) {
      for (String uri : previous.vectorFiles()) {
        if (current.shardFiles().contains(fileName(uri))) continue;
        staleShards.add(uri);
        staleShards.add(uri.substring(0, uri.length() - ".jsonl".length()) + ".npy");
      }
    }
    return new RebuildPlan(incremental, tasks, carried, reused, recordSources, vectorSources, verdictSources,
        replaced, stale, staleShards, removedKeys, planned.size(), renderKeys, embedImages, shortCircuit, last,
        previous.interrupted() ? previous.manifest() : null, reason, previous.corrupt());
  }

  /** Why a key must be rendered again, or null when its previous image is still current. */
  static String changeOf(KeyInputs k, RenderRecord old, Set<String> files, boolean verify,
      Predicate<RenderRecord> intact) {
    if (k.closureHash() == null) return "part cannot be loaded";
    if (old == null) return "new key";
    if (!k.closureHash().equals(old.closureHash())) return "part files changed";
    if (!k.colourHash().equals(old.colourHash())) return "colour definition changed";
    if (!k.settingsHash().equals(old.settingsHash())) return "render settings changed";
    if (!k.rendererVersion().equals(old.rendererVersion())) return "renderer version changed";
    if (!k.samePaths(old)) return "output paths changed";
    if (!files.contains(old.image()) || !files.contains(old.mask())) return "image missing";
    if (verify && !intact.test(old)) return "image differs from its record";
    return null;
  }

  private static boolean sameModel(VectorShards.IndexLine line, Current current) {
    return line.model().equals(current.modelSpec()) && line.modelVersion().equals(current.modelVersion());
  }

  /** The newest journal file whose vector of {@code key} was computed from an image of {@code imageSha256}. */
  private static String madeVectorOf(String key, String imageSha256, List<PreviousOutputs.MadeVectors> files) {
    for (int i = files.size() - 1; i >= 0; i--) {
      for (VectorShards.IndexLine line : files.get(i).lines()) {
        if (line.key().equals(key) && imageSha256.equals(line.imageSha256())) return files.get(i).file();
      }
    }
    return null;
  }

  /**
   * Whether QA measures as the run that wrote the verdicts did: the same QA version, and SSIM against
   * {@code OUT/previous/} only (a baseline build, named by path, may have changed since).
   */
  private static boolean sameMeasurements(Manifest last, Current current) {
    String qa = current.versions().get(QaStage.NAME);
    if (qa == null || last == null || last.versions() == null || !qa.equals(last.versions().get(QaStage.NAME))) {
      return false;
    }
    Object lastBaseline = last.options() == null ? null : last.options().get("qaBaseline");
    return current.qaBaseline() == null && (lastBaseline == null || lastBaseline.toString().isBlank());
  }

  /**
   * What decides the outputs and differs from the last finished run: each version that moved ({@code fuse
   * brickbox-fuse-6 -> brickbox-fuse-7}), changed options, or a failed last run; empty when nothing does.
   */
  static List<String> configurationChanges(Manifest last, Current current) {
    if (last == null) return List.of("no finished run before");
    List<String> changes = new ArrayList<>();
    if ("failed".equals(last.status())) changes.add("the last run failed");
    if (!current.optionsHash().equals(last.optionsHash())) changes.add("options changed");
    for (var e : current.versions().entrySet()) {
      String before = last.versions() == null ? null : last.versions().get(e.getKey());
      if (!Objects.equals(e.getValue(), before)) {
        changes.add(e.getKey() + " " + (before == null ? "(none)" : before) + " -> " + e.getValue());
      }
    }
    return changes;
  }

  private static Set<String> shardFilesOf(PreviousOutputs previous) {
    Set<String> names = new TreeSet<>();
    for (String uri : previous.recordFiles()) names.add(fileName(uri));
    for (String uri : previous.vectorFiles()) names.add(fileName(uri));
    for (String uri : previous.photoFiles()) names.add(fileName(uri));
    return names;
  }

  private static String fileName(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  private static String reason(Current current, PreviousOutputs previous, boolean incremental, long unchanged,
      long fromJournal, long rendered, Map<String, Long> why, long embedded, long reused, long vectorsFromJournal,
      long removed, boolean shortCircuit) {
    StringBuilder s = new StringBuilder();
    if (!previous.corrupt().isEmpty()) {
      s.append(previous.corrupt().size()).append(" damaged file(s) of the previous run not trusted and their work "
          + "redone (").append(String.join("; ", previous.corrupt())).append("). ");
    }
    if (previous.interrupted()) {
      s.append("run ").append(previous.manifest().runId()).append(" was interrupted; this run completes it. ");
    }
    if (!current.incremental()) return s.append("--incremental=false: every key rendered").toString();
    if (!incremental) return s.append("no previous records in the output: every key rendered").toString();
    if (shortCircuit) {
      return s.append("nothing changed since run ").append(previous.lastFinished().runId())
          .append(": all ").append(unchanged).append(" keys current, outputs kept, graph not run").toString();
    }
    s.append(unchanged).append(" keys unchanged and kept");
    if (fromJournal > 0) {
      s.append(" (").append(fromJournal).append(" of them made by a run that did not finish, from ")
          .append(RenderJournal.DIR).append("/)");
    }
    s.append(", ").append(rendered).append(" rendered");
    if (!why.isEmpty()) s.append(" (").append(why.toString().replaceAll("[{}]", "")).append(")");
    if (removed > 0) s.append(", ").append(removed).append(" keys no longer planned removed");
    if (current.modelSpec() != null) {
      s.append("; ").append(embedded).append(" images embedded, ").append(reused).append(" vectors reused");
      if (vectorsFromJournal > 0) {
        s.append(" (").append(vectorsFromJournal).append(" of them embedded by a run that did not finish, from ")
            .append(VectorJournal.DIR).append("/)");
      }
      if (reused < unchanged) s.append(" (the others had no vector from model ").append(current.modelVersion()).append(")");
    }
    return s.toString();
  }
}
