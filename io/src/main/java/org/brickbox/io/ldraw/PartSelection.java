package org.brickbox.io.ldraw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;

/** Which parts a run builds: explicit ids (from a list or a file) or a {@link PartFilter} over the catalogue. */
public sealed interface PartSelection {
  /** Picks parts from the catalogue; explicit ids it does not know are returned, not dropped. */
  SelectedParts select(PartCatalog catalog);

  /** Explicit ids in request order, duplicates removed; any case, with or without {@code .dat}. */
  record Explicit(List<String> ids) implements PartSelection {
    public Explicit {
      ids = List.copyOf(new LinkedHashSet<>(ids.stream().map(PartCatalog::normaliseId).filter(s -> !s.isEmpty()).toList()));
    }

    @Override
    public SelectedParts select(PartCatalog catalog) {
      List<String> known = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (String id : ids) (catalog.contains(id) ? known : unknown).add(id);
      return new SelectedParts(known, unknown);
    }
  }

  record Filtered(PartFilter filter) implements PartSelection {
    @Override
    public SelectedParts select(PartCatalog catalog) {
      return new SelectedParts(
          catalog.headers().stream().filter(filter::matches).map(PartHeader::id).toList(), List.of());
    }
  }

  /** From a comma-separated list such as {@code 3001,3003.dat, 3069b}. */
  static PartSelection ids(String commaSeparated) {
    return new Explicit(List.of(commaSeparated.split(",")));
  }

  /** From a file of ids, one per line; {@code #} starts a comment. */
  static PartSelection idFile(Path file) {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return new Explicit(lines.map(line -> line.replaceFirst("#.*", "")).toList());
    } catch (IOException e) {
      throw new LDrawException("cannot read part id file " + file + ": " + e.getMessage(), e);
    }
  }

  static PartSelection matching(PartFilter filter) {
    return new Filtered(filter);
  }
}
