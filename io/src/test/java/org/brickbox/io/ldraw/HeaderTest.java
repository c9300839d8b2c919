package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderTest {
  @TempDir Path dir;

  @Test
  void readsHeaderMetaData() {
    TestLibrary library = new TestLibrary(dir).file("parts/3001.dat",
        "0 Brick  2 x  4",
        "0 Name: 3001.dat",
        "0 Author: James Jessiman",
        "0 !LDRAW_ORG Part UPDATE 2004-03",
        "0 !CATEGORY Brick",
        "0 !KEYWORDS classic, basic",
        "0 !KEYWORDS stackable",
        "0 BFC CERTIFY CCW",
        "3 16 0 0 0 1 0 0 0 1 0");

    PartHeader header = library.open().load("3001").header();

    assertEquals(new PartHeader("3001", "3001.dat", "Brick  2 x  4", "Brick", List.of("classic", "basic", "stackable"),
        "Part", List.of(), "2004-03", Optional.empty()), header);
    assertEquals(header, library.open().catalog().header("3001"), "header-only read agrees with the full parse");
  }

  @Test
  void readsMovedAliasAndQualifiers() {
    TestLibrary library = new TestLibrary(dir)
        .file("parts/970.dat", "0 ~Moved to 970c00", "0 Name: 970.dat", "0 !LDRAW_ORG Part UPDATE 2011-01",
            "1 16 0 0 0 1 0 0 0 1 0 0 0 1 970c00.dat")
        .file("parts/970c00.dat", "0 Minifig Hips and Legs", "0 !LDRAW_ORG Part Alias UPDATE ORIGINAL");

    PartHeader moved = library.open().catalog().header("970");
    PartHeader target = library.open().catalog().header("970c00");

    assertEquals(Optional.of("970c00"), moved.movedTo());
    assertEquals("Moved", moved.category());
    assertEquals(true, moved.isAliasOrMoved());
    assertEquals(List.of("Alias"), target.typeQualifiers());
    assertEquals("ORIGINAL", target.update());
  }

  /** Flags users filter on, from description, category and id. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
    "3001    | Brick  2 x  4                       |                 | Brick    | false | false | false | false",
    "3001p01 | Brick  2 x  4 with Black Lines      |                 | Brick    | false | false | true  | false",
    "3068bpx1| Tile  2 x  2 with Glyph Pattern     |                 | Tile     | false | false | true  | false",
    "3626b   | Minifig Head                        |                 | Minifig  | false | false | false | true",
    "973c01  | Torso with Arms                     | Minifig Torso   | Minifig Torso | false | false | false | true",
    "3001s   | Sticker Brick  2 x  4               |                 | Sticker  | false | true  | false | false",
    "87079d  | Tile 2 x 4 Label                    | Sticker         | Sticker  | false | true  | false | false",
    "3001old | ~Moved to 3001                      |                 | Moved    | true  | false | false | false",
    "3005a   | =Brick  1 x  1 Alias                |                 | Brick    | true  | false | false | false",
    "4592c01 | ~Lever Small Base                   |                 | Lever    | true  | false | false | false",
    "3010    | Brick  1 x  4                       | Brick           | Brick    | false | false | false | false",
  })
  void flagsPartKinds(String id, String description, String category, String expectedCategory,
      boolean aliasOrMoved, boolean sticker, boolean patterned, boolean minifig) {
    TestLibrary library = new TestLibrary(dir).file("parts/" + id + ".dat",
        "0 " + description, category == null ? "0 // no category" : "0 !CATEGORY " + category);

    PartHeader header = library.open().catalog().header(id);

    assertEquals(expectedCategory, header.category());
    assertEquals(aliasOrMoved, header.isAliasOrMoved(), "alias or moved");
    assertEquals(sticker, header.isSticker(), "sticker");
    assertEquals(patterned, header.isPatterned(), "patterned");
    assertEquals(minifig, header.isMinifig(), "minifig");
  }
}
