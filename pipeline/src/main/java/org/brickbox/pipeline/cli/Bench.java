package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.List;
import org.brickbox.io.ldraw.LibraryBenchmark;
import org.brickbox.render.RenderBenchmark;

/** {@code ./brickbox bench <what> [args]}: the runnable benchmarks whose figures go into BENCHMARKS.md. */
final class Bench {
  private Bench() {}

  static int run(List<String> args, PrintStream out) throws Exception {
    if (args.isEmpty() || args.get(0).equals("--help")) {
      out.println("""
          usage: ./brickbox bench render  [libraryRoot|- [parts|- [views [size [threads [supersampling [rounds]]]]]]]
                 ./brickbox bench library [libraryRoot]""");
      return args.isEmpty() ? BrickBoxCli.USAGE : BrickBoxCli.OK;
    }
    String[] rest = args.subList(1, args.size()).toArray(String[]::new);
    switch (args.get(0)) {
      case "render" -> RenderBenchmark.main(rest);
      case "library" -> LibraryBenchmark.main(rest);
      default -> throw new IllegalArgumentException("unknown benchmark '" + args.get(0) + "' (render, library)");
    }
    return BrickBoxCli.OK;
  }
}
