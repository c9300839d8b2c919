package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartSelectionTest {
  @TempDir Path dir;
  private PartCatalog catalog;

  @BeforeEach
  void writeCatalogue() {
    catalog = new TestLibrary(dir)
        .file("parts/3001.dat", "0 Brick  2 x  4")
        .file("parts/3001p01.dat", "0 Brick  2 x  4 with Black Lines Pattern")
        .file("parts/3005.dat", "0 Brick  1 x  1")
        .file("parts/3005old.dat", "0 ~Moved to 3005")
        .file("parts/3020.dat", "0 Plate  2 x  4")
        .file("parts/3069b.dat", "0 Tile  1 x  2 with Groove")
        .file("parts/3626b.dat", "0 Minifig Head")
        .file("parts/s/3001s01.dat", "0 ~Brick  2 x  4 without Front and Back Faces")
        .open()
        .catalog();
  }

  @Test
  void listsTopLevelPartsOnly() {
    assertEquals(List.of("3001", "3001p01", "3005", "3005old", "3020", "3069b", "3626b"), catalog.partIds());
  }

  @Test
  void explicitIdsReportUnknownOnesSeparately() {
    SelectedParts selected = PartSelection.ids("3001, 3020.DAT,nope,,3001,s/3001s01").select(catalog);

    assertEquals(List.of("3001", "3020"), selected.partIds());
    assertEquals(List.of("nope", "s/3001s01"), selected.unknownIds());
  }

  @Test
  void idFileSkipsCommentsAndBlankLines() throws Exception {
    Path file = Files.writeString(dir.resolve("ids.txt"), "# bricks\n3001\n\n3005  # the small one\n9999\n");

    SelectedParts selected = PartSelection.idFile(file).select(catalog);

    assertEquals(List.of("3001", "3005"), selected.partIds());
    assertEquals(List.of("9999"), selected.unknownIds());
  }

  @Test
  void realBricksAndPlatesLeaveOutPatternsMovedAndOtherCategories() {
    assertEquals(List.of("3001", "3005", "3020"),
        PartSelection.matching(PartFilter.realParts("Brick", "plate")).select(catalog).partIds());
  }

  @Test
  void filtersCanBeCombinedFreely() {
    PartFilter notMinifig = new PartFilter(Set.of(), false, false, false, true);

    assertEquals(List.of("3001", "3001p01", "3005", "3005old", "3020", "3069b"),
        PartSelection.matching(notMinifig).select(catalog).partIds());
    assertEquals(7, PartSelection.matching(PartFilter.all()).select(catalog).partIds().size());
  }
}
