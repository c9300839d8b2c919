package org.brickbox.io.ldraw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocateTest {
  @TempDir Path dir;

  private Path library(String relative) {
    return new TestLibrary(dir.resolve(relative)).root;
  }

  @Test
  void optionWinsOverEnvironment() {
    Path option = library("option");
    Path env = library("env");

    assertEquals(option, LDrawLibrary.locate(option.toString(), Map.of("LDRAW_DIR", env.toString()), "/nohome"));
    assertEquals(env, LDrawLibrary.locate(null, Map.of("LDRAW_DIR", env.toString()), "/nohome"));
  }

  @Test
  void cacheCountsOnlyOnceSetupCompleted() throws Exception {
    Path cached = library("cache/ldraw");
    Map<String, String> env = Map.of("BRICKBOX_CACHE", dir.resolve("cache").toString());

    LDrawException e = assertThrows(LDrawException.class, () -> LDrawLibrary.locate("", env, "/nohome"));
    assertTrue(e.getMessage().contains("./brickbox setup") && e.getMessage().contains("LDRAW_DIR"), e.getMessage());

    Files.createFile(cached.resolve(".brickbox-complete"));
    assertEquals(cached, LDrawLibrary.locate(null, env, "/nohome"));
  }

  @Test
  void cacheFallsBackToXdgThenHome() throws Exception {
    Path xdg = library("xdg/brickbox/ldraw");
    Path home = library("home/.cache/brickbox/ldraw");
    Files.createFile(xdg.resolve(".brickbox-complete"));
    Files.createFile(home.resolve(".brickbox-complete"));

    assertEquals(xdg, LDrawLibrary.locate(null, Map.of("XDG_CACHE_HOME", dir.resolve("xdg").toString()), "/nohome"));
    assertEquals(home, LDrawLibrary.locate(null, Map.of(), dir.resolve("home").toString()));
  }

  @Test
  void optionPointingAtNoLibraryFailsLoudly() {
    LDrawException e = assertThrows(LDrawException.class,
        () -> LDrawLibrary.locate(dir.resolve("missing").toString(), Map.of(), "/nohome"));

    assertTrue(e.getMessage().startsWith("--ldrawDir points to"), e.getMessage());
  }

  @Test
  void versionComesFromSetupStampElseNewestLdconfigUpdate() throws Exception {
    TestLibrary files = new TestLibrary(dir);
    assertEquals("2022-03", files.open().version());

    Files.writeString(dir.resolve(".brickbox-version"), "2206+ds-1\n");
    assertEquals("2206+ds-1", files.open().version());
  }

  @Test
  void versionIsUnknownWithoutUpdateTags() throws Exception {
    TestLibrary files = new TestLibrary(dir);
    Files.writeString(dir.resolve("LDConfig.ldr"), TestLibrary.LDCONFIG.replaceAll("0 !LDRAW_ORG.*\r\n", ""));

    assertEquals("unknown", files.open().version());
  }
}
