package org.brickbox.pipeline.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.ldraw.PartCatalog;
import org.brickbox.io.ldraw.PartHeader;
import org.brickbox.io.ldraw.PartSelection;
import org.brickbox.pipeline.PipelineRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** runners/parts/common-1000.txt against the installed LDraw library and the generator that writes it. */
class CommonCatalogueTest {
  private static final Path ROOT = Path.of("..");
  private static LDrawLibrary library;

  @BeforeAll
  static void openInstalledLibrary() {
    library = LDrawLibrary.shared(PipelineRuns.installedLibrary());
  }

  @Test
  void listsOneThousandDistinctIdsAfterCommon200InItsOrder() throws IOException {
    List<String> lines = idLines(CommonCatalogue.OUTPUT);
    List<String> ids = ids(CommonCatalogue.OUTPUT);
    List<String> base = ids(CommonCatalogue.BASE);

    assertEquals(1000, lines.size(), "one id a line");
    assertEquals(1000, new HashSet<>(lines).size(), "no id twice");
    assertEquals(lines, ids, "the project's reader (PartSelection.idFile) reads the same ids");
    assertEquals(200, base.size());
    assertEquals(base, ids.subList(0, 200), "common-200.txt comes first, in its order");
  }

  @Test
  void everyIdIsAPlainOfficialPartOfTheLibrary() throws IOException {
    PartCatalog catalog = library.catalog();
    List<String> problems = new ArrayList<>();
    for (String id : ids(CommonCatalogue.OUTPUT)) {
      if (!catalog.contains(id)) {
        problems.add(id + ": not in parts/");
        continue;
      }
      PartHeader h = catalog.header(id);
      if (!h.type().equals("Part") || !h.typeQualifiers().isEmpty()) problems.add(id + ": type " + h.type());
      if (h.isAliasOrMoved() || h.movedTo().isPresent()) problems.add(id + ": alias or moved: " + h.description());
      if (h.isPatterned()) problems.add(id + ": patterned: " + h.description());
      if (h.isSticker()) problems.add(id + ": sticker: " + h.description());
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theGeneratorWritesTheCommittedFile() throws IOException {
    String committed = Files.readString(ROOT.resolve(CommonCatalogue.OUTPUT), StandardCharsets.UTF_8);
    assumeTrue(committed.contains("LDraw library (" + library.version() + ")"),
        "the list was generated from another LDraw library version than the installed " + library.version());

    assertEquals(committed, CommonCatalogue.generate(library, ROOT),
        "common-1000.txt is not what its generator writes; regenerate it with " + CommonCatalogue.COMMAND);
  }

  private static List<String> ids(Path file) {
    return ((PartSelection.Explicit) PartSelection.idFile(ROOT.resolve(file))).ids();
  }

  /** The id of every line that has one, duplicates kept. */
  private static List<String> idLines(Path file) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8)) {
      String id = line.replaceFirst("#.*", "").trim();
      if (!id.isEmpty()) ids.add(id);
    }
    return ids;
  }
}
