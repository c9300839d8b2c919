package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.brickbox.beam.OperationLogs;

/**
 * The thin front of {@code ./brickbox}: looks the subcommand up in {@link #COMMANDS}, answers {@code --help} from
 * it, and runs it. Pipeline commands hand Beam-style {@code --option=value} arguments to the options.
 * Errors are one clear line; stack traces only with {@code --verbose}, which also leaves the libraries' log lines
 * on the terminal during a run (else they go to the run's log file, {@link RunLog}).
 *
 * <p>Exit codes (README lists the same): {@value #OK} success (dead letters, if any, are reported in the summary
 * and failures.jsonl), {@value #RUN_FAILED} the run failed, {@value #USAGE} bad usage or option (unknown
 * command or option, bad value, missing input), {@value #NO_LIBRARY} the LDraw library is missing, {@value #UNUSABLE_INPUT} ({@code identify}) a photo cannot be
 * read or shows no part, {@value #RETRAIN} ({@code triggers}) retraining recommended.
 */
public final class BrickBoxCli {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int USAGE = 2;
  public static final int NO_LIBRARY = 3;
  /** {@code ./brickbox triggers}: a retrain rule fired; not an error, a signal for a scheduler. */
  public static final int RETRAIN = 10;
  /** An input the user gave cannot be used: a photo that cannot be read or shows no part. */
  public static final int UNUSABLE_INPUT = 4;

  /**
   * Every subcommand, in the order {@code ./brickbox help} lists them. A new command is one entry here: name,
   * one-line summary, the usage text its {@code --help} prints, and the method that runs it.
   */
  static final List<Subcommand> COMMANDS = List.of(
      new Subcommand("setup", "fetch the LDraw library into the per-user cache, build the jars, check both",
          Setup.USAGE, Setup::run),
      new Subcommand("demo", "set up, then render, embed and index 20 common parts into out/demo on the DirectRunner",
          RunCommand.DEMO_USAGE, RunCommand::demo, RunCommand::printOptions),
      new Subcommand("run", "run the graph: ./brickbox run --parts=3001,3003 --out=DIR [--runner=FlinkRunner ...]",
          RunCommand.RUN_USAGE, RunCommand::run, RunCommand::printOptions),
      new Subcommand("train", "train the built-in embedding model: ./brickbox train --data=out/demo --out=models/mine",
          Train.USAGE, Train::run),
      new Subcommand("identify", "which part is in these photos: ./brickbox identify --index OUT/index a.jpg [b.jpg ...]",
          Identify.USAGE, Identify::run),
      new Subcommand("calibrate", "a fixed camera's scale for --pixelsPerMm, from labelled photos: ./brickbox calibrate --index OUT/index --photos=DIR",
          Calibrate.USAGE, Calibrate::run),
      new Subcommand("serve", "identify over HTTP, model and index loaded once: ./brickbox serve --index OUT/index [--port=8080]",
          Serve.USAGE, Serve::run),
      new Subcommand("export", "parts' meshes for Blender and MeshLab: ./brickbox export --parts=3001 --out=DIR --format=obj|ply|stl",
          Export.USAGE, Export::run),
      new Subcommand("status", "a run's manifest as a table: ./brickbox status --out=DIR [--json]",
          Status.USAGE, Status::run),
      new Subcommand("logs", "operation-log statistics: ./brickbox logs --out=DIR [--status=FAILED ...]",
          Logs.USAGE, Logs::run),
      new Subcommand("triggers", "retrain rules and recommendation of a run: ./brickbox triggers --out=DIR [--json]",
          Triggers.USAGE, Triggers::run),
      new Subcommand("report", "write OUT/report.html (pictures and plots of the run): ./brickbox report --out=DIR",
          Report.USAGE, Report::run),
      new Subcommand("db", "the PostgreSQL store's schema: ./brickbox db migrate|status --database=JDBC_URL",
          Db.USAGE, Db::run),
      new Subcommand("bench", "benchmarks: render, library, qa, embed, embed-quality, fuse, photos, serve, segment, db, s3 (figures in BENCHMARKS.md)",
          Bench.USAGE, Bench::run));

  private static final String EXIT_CODES = "exit codes: " + OK + " ok, " + RUN_FAILED + " run failed, " + USAGE
      + " bad usage or option, " + NO_LIBRARY + " LDraw library missing, " + UNUSABLE_INPUT
      + " unusable input (identify: a photo cannot be read or shows no part), " + RETRAIN
      + " retraining recommended (triggers)";

  private final PrintStream out;
  private final PrintStream err;

  public BrickBoxCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Set for the command being executed: {@code --verbose} was given (stack traces, libraries' logs on stderr). */
  static final String VERBOSE_PROPERTY = "brickbox.verbose";

  /** Whether the command being executed was given {@code --verbose}. */
  static boolean verbose() {
    return Boolean.getBoolean(VERBOSE_PROPERTY);
  }

  public static void main(String[] args) {
    System.exit(new BrickBoxCli(System.out, System.err).execute(args));
  }

  public int execute(String[] rawArgs) {
    List<String> args = new ArrayList<>(Arrays.asList(rawArgs));
    boolean verbose = args.remove("--verbose");
    System.setProperty(VERBOSE_PROPERTY, Boolean.toString(verbose));
    String name = args.isEmpty() ? "help" : args.remove(0);
    if (List.of("help", "--help", "-h").contains(name)) {
      if (!args.isEmpty()) return help(args.get(0));
      printCommands();
      return OK;
    }
    Optional<Subcommand> command = find(name);
    if (command.isEmpty()) {
      err.println("brickbox: unknown command '" + name + "' (./brickbox help lists the commands)");
      return USAGE;
    }
    if (args.contains("--help") || args.contains("-h")) return help(name);
    try {
      return command.get().action().run(args, out);
    } catch (CliException e) {
      return fail(name, e.getMessage(), e, e.exitCode(), verbose);
    } catch (IllegalArgumentException e) {
      return fail(name, e.getMessage(), e, USAGE, verbose);
    } catch (Exception e) {
      return fail(name, "run failed: " + failureMessage(e), e, RUN_FAILED, verbose);
    }
  }

  private int fail(String command, String message, Exception e, int code, boolean verbose) {
    // Beam's option errors span lines (suggestions); the user gets them on one.
    err.println("brickbox " + command + ": " + String.valueOf(message).strip().replaceAll("\\s*\\R\\s*", " "));
    if (verbose) e.printStackTrace(err);
    else if (code == RUN_FAILED) err.println("(rerun with --verbose for the stack trace)");
    return code;
  }

  private static Optional<Subcommand> find(String name) {
    return COMMANDS.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  private int help(String name) {
    Optional<Subcommand> command = find(name);
    if (command.isEmpty()) {
      err.println("brickbox: unknown command '" + name + "' (./brickbox help lists the commands)");
      return USAGE;
    }
    out.println(command.get().usage());
    command.get().details().print(out);
    out.println(EXIT_CODES);
    return OK;
  }

  private void printCommands() {
    out.println("BrickBox: the LEGO part identification dataset, rendered from the LDraw library.\n");
    out.println("usage: ./brickbox <command> [--option=value ...] [--verbose]\n");
    for (Subcommand c : COMMANDS) out.printf("  %-9s %s%n", c.name(), c.summary());
    out.println("\n./brickbox <command> --help explains a command and its options; --verbose prints stack traces and,"
        + " during a run, the libraries' log lines (else in OUT/logs/).");
    out.println(EXIT_CODES);
  }

  /**
   * The error's message chain, outermost first, without the class names runners prefix wrapped errors with: the
   * context (which file could not be written) stays next to the cause (no space left on device).
   */
  static String failureMessage(Throwable e) {
    return OperationLogs.describe(e).replaceAll("(^|caused by )(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "$1");
  }
}
