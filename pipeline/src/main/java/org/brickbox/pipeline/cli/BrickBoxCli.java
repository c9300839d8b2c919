package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.pipeline.BrickBoxOptions;
import org.brickbox.pipeline.BrickBoxPipeline;
import org.brickbox.render.CommonParts;

/**
 * The thin front of {@code ./brickbox}: picks a subcommand and hands Beam-style {@code --option=value}
 * arguments to {@link BrickBoxOptions}. Errors are one clear line; stack traces only with {@code --verbose}.
 *
 * <p>Exit codes: 0 success (dead letters, if any, are reported in the summary and failures.jsonl), 1 the run
 * failed, 2 bad usage or options, 3 the LDraw library is missing, 10 ({@code triggers}) retraining recommended.
 */
public final class BrickBoxCli {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int USAGE = 2;
  public static final int NO_LIBRARY = 3;
  /** {@code ./brickbox triggers}: a retrain rule fired; not an error, a signal for a scheduler. */
  public static final int RETRAIN = 10;

  private final PrintStream out;
  private final PrintStream err;

  public BrickBoxCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new BrickBoxCli(System.out, System.err).execute(args));
  }

  public int execute(String[] rawArgs) {
    List<String> args = new ArrayList<>(Arrays.asList(rawArgs));
    boolean verbose = args.remove("--verbose");
    String command = args.isEmpty() ? "help" : args.remove(0);
    try {
      return switch (command) {
        case "run" -> run(args, false);
        case "demo" -> run(args, true);
        case "bench" -> Bench.run(args, out);
        case "train" -> Train.run(args, out);
        case "status" -> Status.run(args, out);
        case "logs" -> Logs.run(args, out);
        case "triggers" -> Triggers.run(args, out);
        case "help", "--help", "-h" -> help();
        default -> {
          err.println("brickbox: unknown command '" + command + "' (try ./brickbox help)");
          yield USAGE;
        }
      };
    } catch (CliException e) {
      err.println("brickbox " + command + ": " + e.getMessage());
      if (verbose) e.printStackTrace(err);
      return e.exitCode();
    } catch (IllegalArgumentException e) {
      err.println("brickbox " + command + ": " + e.getMessage());
      if (verbose) e.printStackTrace(err);
      return USAGE;
    } catch (Exception e) {
      err.println("brickbox " + command + ": run failed: " + rootMessage(e));
      if (verbose) e.printStackTrace(err);
      else err.println("(rerun with --verbose for the stack trace)");
      return RUN_FAILED;
    }
  }

  private int run(List<String> args, boolean demo) {
    if (args.contains("--help")) {
      PipelineOptionsFactory.register(BrickBoxOptions.class);
      PipelineOptionsFactory.printHelp(out, BrickBoxOptions.class);
      return OK;
    }
    List<String> effective = new ArrayList<>();
    if (demo) {
      // The demo's embedded default: 20 common parts on the DirectRunner into out/demo; flags still override.
      effective.add("--parts=" + String.join(",", CommonParts.IDS));
      effective.add("--out=out/demo");
    }
    effective.addAll(args);
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxOptions options =
        PipelineOptionsFactory.fromArgs(effective.toArray(String[]::new)).withValidation().as(BrickBoxOptions.class);
    options.setJobName("brickbox-" + (demo ? "demo" : "run"));
    try {
      options.setLdrawDir(LDrawLibrary.locate(options.getLdrawDir()).toString());
    } catch (LDrawException e) {
      throw new CliException(e.getMessage(), NO_LIBRARY);
    }
    long start = System.nanoTime();
    Manifest manifest = BrickBoxPipeline.run(options);
    new RunSummaryPrinter(out).print(manifest, options.getOut(), (System.nanoTime() - start) / 1_000_000);
    return manifest.status().equals("failed") ? RUN_FAILED : OK;
  }

  private int help() {
    out.println("""
        BrickBox: the LEGO part identification dataset, rendered from the LDraw library.

        usage: ./brickbox <command> [--option=value ...] [--verbose]

          setup           fetch the LDraw library into the per-user cache and build the jars
          demo            set up, then render and embed 20 common parts into out/demo on the DirectRunner
          run             run the graph: ./brickbox run --parts=3001,3003 --out=DIR [--runner=FlinkRunner ...]
                          (./brickbox run --help lists every option)
          train           train the built-in embedding model on rendered runs:
                          ./brickbox train --data=out/demo --out=models/mine (./brickbox train --help)
          status          a run's manifest as a table: ./brickbox status --out=DIR [--json]
          logs            operation-log statistics: ./brickbox logs --out=DIR [--operation= --status= --since=
                          --until= --slowest=10 --json]
          triggers        retrain rules and recommendation of a run: ./brickbox triggers --out=DIR [--json]
                          (exit 10 when retraining is recommended, 0 when not)
          bench render    images/s of the renderer on 20 common parts (render only, +PNG, +WebP)
          bench library   load and flatten every part of the LDraw library, parts/s
          bench embed     embedding images/s per batch size and the Beam stage's overhead (--data=RUN_DIR)
          bench embed-quality  nearest-neighbour top-1/top-5 of held-out views (--gallery=DIR --queries=DIR)

        exit codes: 0 ok, 1 run failed, 2 bad usage or option, 3 LDraw library missing,
                    10 retraining recommended (triggers)""");
    return OK;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
