package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;

/**
 * {@code ./brickbox setup}: the launcher script fetches the LDraw library (runners/scripts/setup-ldraw.sh) and
 * builds the jar; this part then checks the library the way a run finds it and says where it is.
 */
final class Setup {
  static final String USAGE = """
      usage: ./brickbox setup [--ldrawDir=DIR]
      Fetches the LDraw parts library into the per-user cache ($BRICKBOX_CACHE, else $XDG_CACHE_HOME/brickbox, else
      ~/.cache/brickbox) from Debian's ldraw-parts package, builds the job jar, and checks that runs find the library
      (--ldrawDir, then $LDRAW_DIR, then the cache). Idempotent.""";

  private Setup() {}

  static int run(List<String> args, PrintStream out) {
    String dir = CommandArgs.parse(args, Set.of("ldrawDir"), Set.of()).values().get("ldrawDir");
    try {
      Path root = LDrawLibrary.locate(dir);
      out.printf("LDraw library %s at %s: ready (try ./brickbox demo)%n", LDrawLibrary.shared(root).version(), root);
      return BrickBoxCli.OK;
    } catch (LDrawException e) {
      throw new CliException(e.getMessage(), BrickBoxCli.NO_LIBRARY);
    }
  }
}
