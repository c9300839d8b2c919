package org.brickbox.pipeline.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.brickbox.io.ldraw.PartHeader;
import org.brickbox.pipeline.catalogue.CatalogueSelection.Entry;
import org.brickbox.pipeline.catalogue.CatalogueSelection.Origin;
import org.junit.jupiter.api.Test;

/** The selection rules on a small made-up library. */
class CatalogueSelectionTest {
  private static final List<PartHeader> LIBRARY = List.of(
      part("3001", "Brick  2 x  4", "Part"),
      part("3003", "Brick  2 x  2", "Part"),
      part("3001p11", "Brick  2 x  4 with Pattern", "Part"),
      part("3003p01", "Brick  2 x  2 with Pattern", "Part"),
      part("3003p02", "Brick  2 x  2 with Pattern", "Part"),
      part("3010", "Brick  1 x  4", "Part"),
      part("3008", "Brick  1 x  8", "Part"),
      part("30014", "Brick  1 x  2 with Arm (2 Fingers)", "Part"),
      part("3245a", "Brick  1 x  2 x  2", "Part"),
      part("3245c", "Brick  1 x  2 x  2 without Understud", "Part"),
      part("6141", "Plate  1 x  1 Round", "Part"),
      part("4073", "=Plate  1 x  1 Round", "Part"),
      part("3069a", "Tile  1 x  2 without Groove", "Part"),
      part("3069b", "Tile  1 x  2 with Groove", "Part"),
      part("u9026", "Brick  1 x  1 Round without Groove", "Part"),
      part("4066a", "Duplo Brick  1 x  2 x  2 Type 1", "Part"),
      part("3815", "~Minifig Hips (Obsolete)", "Part"),
      part("3626c", "Minifig Head with Hollow Stud", "Part"));

  private static PartHeader part(String id, String title, String type) {
    String plain = Titles.plain(title);
    return new PartHeader(id, id + ".dat", title, plain.split(" ")[0], List.of(), type, List.of(), "2022-01",
        Optional.empty());
  }

  private static Curation curation(String... lines) {
    return Curation.parse(List.of(lines), "test.txt");
  }

  @Test
  void baseFirstThenHandPickedAndRankedPartsByFamily() {
    Curation c = curation("size 6", "quota brick 4", "quota tile 1", "quota other 1", "include other: 3626c",
        "include 3008");

    List<Entry> entries = CatalogueSelection.select(LIBRARY, List.of("3001"), c).entries();

    assertEquals(List.of("3001", "3003", "3010", "3008", "3069b", "3626c"), entries.stream().map(Entry::id).toList());
    assertEquals(List.of(Origin.BASE, Origin.RANKED, Origin.RANKED, Origin.HAND, Origin.RANKED, Origin.HAND),
        entries.stream().map(Entry::origin).toList());
  }

  @Test
  void patternedAliasesUnnumberedObsoleteAndOtherLinesAreNeverCandidates() {
    Curation c = curation("size 6", "quota brick 5", "quota round 1");

    List<String> ids = CatalogueSelection.select(LIBRARY, List.of(), c).entries().stream().map(Entry::id).toList();

    assertEquals(List.of("3003", "3001", "3010", "3008", "30014", "6141"), ids);
    assertThrows(IllegalArgumentException.class, () -> CatalogueSelection.select(LIBRARY, List.of(),
        curation("size 1", "quota other 1", "include other: 4073")));
  }

  @Test
  void oneMouldVariantOfADesignTheListedOneOrElseTheNewest() {
    Curation c = curation("size 7", "quota brick 6", "quota tile 1");
    assertEquals(List.of("3245a", "3003", "3001", "3010", "3008", "30014", "3069b"),
        CatalogueSelection.select(LIBRARY, List.of("3245a"), c).entries().stream().map(Entry::id).toList(),
        "3245c is not taken next to 3245a; of 3069a and 3069b only the newest");
  }

  @Test
  void excludedPartsAreNotRankedAndQuotasAreChecked() {
    Curation c = curation("size 2", "quota brick 2", "exclude 3003 3010");
    assertEquals(List.of("3001", "3008"), CatalogueSelection.select(LIBRARY, List.of(), c).entries().stream()
        .map(Entry::id).toList());

    IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class,
        () -> CatalogueSelection.select(LIBRARY, List.of(), curation("size 3", "quota tile 3")));
    assertTrue(tooFew.getMessage().contains("family tile: needs 3 ranked parts, only 1 eligible"),
        tooFew.getMessage());
  }

  @Test
  void curationErrorsNameTheFileAndLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> curation("size 1", "quota brick 1", "", "inclde 3001"));
    assertEquals("test.txt:4: unknown statement 'inclde' (size, quota, include or exclude)", e.getMessage());
    assertEquals("test.txt: quotas add up to 2, not 1",
        assertThrows(IllegalArgumentException.class, () -> curation("size 1", "quota brick 2")).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> curation("size 1", "quota brick 1", "include 3001", "exclude 3001")).getMessage()
        .contains("3001 is included and excluded"));
  }
}
