package org.brickbox.pipeline.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.brickbox.beam.OperationLogs;
import org.brickbox.export.ExportMesh;
import org.brickbox.export.MeshFile;
import org.brickbox.export.MeshFormat;
import org.brickbox.io.files.OutputFiles;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.PartSelection;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.Json;

/**
 * {@code ./brickbox export --parts=3001 --out=DIR [--format=obj|ply|stl]}: each part's flattened mesh, as the
 * renderer builds it, written to mesh files for Blender and MeshLab ({@link ExportMesh} has the frame and units).
 * A part that cannot be exported becomes a dead letter in {@code DIR/failures.jsonl}, as in a run, and the others
 * are still written; every file is written to a temporary name and renamed, so none is ever partial.
 */
final class Export {
  static final String STAGE = "export";
  static final String USAGE = """
      usage: ./brickbox export --parts=3001,3003 --out=DIR [--format=obj|ply|stl[,...]] [--partsFile=FILE] [--ldrawDir=DIR]
        Writes each part's flattened mesh, in millimetres with +Z up and the LDraw origin kept, with the renderer's
        smooth normals: DIR/<part>.obj + DIR/<part>.mtl (default; one material ldraw_<code> per LDraw colour,
        ldraw_16 the main colour), DIR/<part>.ply (binary, RGBA per vertex, ldraw_colour per face) or
        DIR/<part>.stl (binary, no colours). --partsFile: one id per line, '#' starts a comment.
        A part that cannot be exported is reported with its file and line and listed in DIR/failures.jsonl;
        the others are still written. Exits 1 when no part could be exported.""";

  private Export() {}

  static int run(List<String> args, PrintStream out) {
    CommandArgs a = CommandArgs.parse(args, Set.of("parts", "partsFile", "out", "format", "ldrawDir"), Set.of());
    String outDir = a.required("out");
    List<MeshFormat> formats = MeshFormat.parseList(a.values().getOrDefault("format", "obj"));
    List<String> ids = partIds(a);
    if (Files.isRegularFile(Path.of(outDir, "manifest.json"))) {
      throw new IllegalArgumentException("--out=" + outDir + " holds a run's outputs (manifest.json); export into a"
          + " directory of its own, as its failures.jsonl would replace the run's");
    }
    LDrawLibrary library = openLibrary(a.values().get("ldrawDir"));

    List<FailureRecord> failures = new ArrayList<>();
    for (String id : ids) {
      export(id, library, formats, outDir, out).ifPresent(f -> {
        failures.add(f);
        out.printf("%-12s FAILED: %s%s%n", id, f.message(),
            f.location() == null || f.message().contains(f.location()) ? "" : " (" + f.location() + ")");
      });
    }
    writeFailures(outDir, failures);
    out.printf("exported %d of %d part(s) as %s into %s; %d failure(s) in failures.jsonl%n",
        ids.size() - failures.size(), ids.size(),
        formats.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")),
        outDir, failures.size());
    if (failures.size() == ids.size()) {
      throw new CliException("no part could be exported (see " + Path.of(outDir, "failures.jsonl") + ")",
          BrickBoxCli.RUN_FAILED);
    }
    return BrickBoxCli.OK;
  }

  /** Exports one part; the dead letter when it cannot be exported. */
  private static Optional<FailureRecord> export(String id, LDrawLibrary library, List<MeshFormat> formats,
      String outDir, PrintStream out) {
    if (!library.catalog().contains(id)) {
      return Optional.of(new FailureRecord(STAGE, id, id, "UnknownPart",
          "part '" + id + "' is not in the LDraw library's parts/ folder", "parts/" + id + ".dat"));
    }
    try {
      ExportMesh mesh = ExportMesh.of(library.load(id), library.colours());
      List<String> written = write(mesh, formats, outDir);
      out.printf("%-12s %7d triangles %7d vertices %2d colour(s)  %s%n", id, mesh.triangleCount(),
          mesh.vertexCount(), mesh.materials().size(), String.join(", ", written));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(OperationLogs.failure(STAGE, id, id, e));
    }
  }

  /** {@code --parts} then {@code --partsFile}, normalised, duplicates once, in request order. */
  private static List<String> partIds(CommandArgs a) {
    List<String> ids = new ArrayList<>();
    String parts = a.values().get("parts");
    if (parts != null) ids.addAll(Arrays.asList(parts.split(",")));
    String partsFile = a.values().get("partsFile");
    if (partsFile != null) {
      try {
        ids.addAll(((PartSelection.Explicit) PartSelection.idFile(Path.of(partsFile))).ids());
      } catch (LDrawException e) {
        throw new IllegalArgumentException("--partsFile: " + e.getMessage(), e);
      }
    }
    List<String> normalised = new PartSelection.Explicit(ids).ids();
    if (normalised.isEmpty()) throw new IllegalArgumentException("--parts or --partsFile is required (see --help)");
    return normalised;
  }

  private static LDrawLibrary openLibrary(String ldrawDir) {
    try {
      return LDrawLibrary.open(LDrawLibrary.locate(ldrawDir));
    } catch (LDrawException e) {
      throw new CliException(e.getMessage(), BrickBoxCli.NO_LIBRARY);
    }
  }

  /** Writes every file of every format, each atomically; returns their paths. */
  private static List<String> write(ExportMesh mesh, List<MeshFormat> formats, String outDir) throws IOException {
    List<String> written = new ArrayList<>();
    for (MeshFormat format : formats) {
      for (MeshFile file : format.files(mesh)) {
        OutputFiles.writeAtomically(OutputFiles.resolve(outDir, file.name()), file.mimeType(), file.content()::writeTo);
        written.add(Path.of(outDir, file.name()).toString());
      }
    }
    return written;
  }

  /** {@code DIR/failures.jsonl}, one {@link FailureRecord} a line, written even when empty so it is never stale. */
  private static void writeFailures(String outDir, List<FailureRecord> failures) {
    StringBuilder lines = new StringBuilder();
    for (FailureRecord f : failures) lines.append(Json.line(f)).append('\n');
    try {
      OutputFiles.writeAtomically(OutputFiles.resolve(outDir, "failures.jsonl"),
          lines.toString().getBytes(StandardCharsets.UTF_8), "application/jsonl");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export's failures.jsonl into " + outDir, e);
    }
  }
}
