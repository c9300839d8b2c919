package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.brickbox.io.ldraw.LDrawException;
import org.brickbox.io.ldraw.LDrawLibrary;
import org.brickbox.io.manifest.Manifest;
import org.brickbox.pipeline.BrickBoxOptions;
import org.brickbox.pipeline.BrickBoxPipeline;
import org.brickbox.pipeline.OptionGroups;
import org.brickbox.render.CommonParts;

/**
 * {@code ./brickbox run} and {@code ./brickbox demo}: Beam-style {@code --option=value} arguments become
 * {@link BrickBoxOptions} (any Beam or runner option passes through), the graph runs, a summary is printed.
 */
final class RunCommand {
  static final String RUN_USAGE = """
      usage: ./brickbox run --parts=3001,3003 --out=DIR [--option=value ...] [--runner=FlinkRunner ...]
      Every option below is a Beam PipelineOption; runner options (--runner, --flinkMaster, --parallelism, ...)
      pass through to Beam.""";
  static final String DEMO_USAGE = """
      usage: ./brickbox demo [--option=value ...]
      Renders and embeds 20 common parts x 24 views into out/demo on the DirectRunner; any run option overrides.""";

  private RunCommand() {}

  static int run(List<String> args, PrintStream out) {
    return execute("run", List.of(), args, out);
  }

  static int demo(List<String> args, PrintStream out) {
    // The demo's embedded default: 20 common parts on the DirectRunner into out/demo; flags still override.
    return execute("demo", List.of("--parts=" + String.join(",", CommonParts.IDS), "--out=out/demo"), args, out);
  }

  /**
   * Every pipeline option with its description and default, for {@code --help}: BrickBox's own first, grouped by
   * stage ({@link OptionGroups}), then the runner's and the cloud file systems' (Beam's own help text, without the
   * BrickBox interfaces already shown).
   */
  static void printOptions(PrintStream out) {
    for (OptionGroups.Group group : OptionGroups.groups()) {
      out.println();
      out.println(group.title() + ":");
      for (OptionGroups.Option o : group.options()) {
        out.println("  --" + o.name() + "=<" + o.type() + ">   default: " + o.defaultValue());
        for (String line : wrap(o.description(), 100)) out.println("      " + line);
      }
    }
    out.println();
    out.println("Runner and cloud options (Beam, Flink, S3):");
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    java.io.ByteArrayOutputStream beam = new java.io.ByteArrayOutputStream();
    PrintStream beamOut = new PrintStream(beam, true, java.nio.charset.StandardCharsets.UTF_8);
    PipelineOptionsFactory.printHelp(beamOut, BrickBoxOptions.class);
    for (Class<? extends org.apache.beam.sdk.options.PipelineOptions> registered
        : PipelineOptionsFactory.getRegisteredOptions()) {
      if (registered.getName().contains("Flink")) PipelineOptionsFactory.printHelp(beamOut, registered);
    }
    out.print(withoutBrickBoxSections(beam.toString(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Beam's help text without the sections of BrickBox's interfaces ({@code org.brickbox...Options:} headings). */
  static String withoutBrickBoxSections(String help) {
    StringBuilder kept = new StringBuilder();
    boolean skipping = false;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String line : help.split("\n", -1)) {
      if (line.matches("[a-z][\\w.$]*\\.[A-Z]\\w*:")) {
        skipping = line.startsWith("org.brickbox.") || !seen.add(line);
      }
      if (!skipping) kept.append(line).append('\n');
    }
    return kept.toString();
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    if (line.length() > 0) lines.add(line.toString());
    return lines;
  }

  /** {@code --out=x} and {@code --out x} → {@code out}. */
  private static String optionName(String arg) {
    String bare = arg.replaceFirst("^--", "");
    int eq = bare.indexOf('=');
    return eq < 0 ? bare : bare.substring(0, eq);
  }

  private static int execute(String name, List<String> defaults, List<String> args, PrintStream out) {
    // Beam rejects an option given twice, so a default stands only where the user gave no value of their own.
    List<String> effective = new ArrayList<>();
    for (String d : defaults) {
      if (args.stream().noneMatch(a -> optionName(a).equals(optionName(d)))) effective.add(d);
    }
    effective.addAll(args);
    PipelineOptionsFactory.register(BrickBoxOptions.class);
    BrickBoxOptions options =
        PipelineOptionsFactory.fromArgs(effective.toArray(String[]::new)).withValidation().as(BrickBoxOptions.class);
    options.setJobName("brickbox-" + name);
    try {
      options.setLdrawDir(LDrawLibrary.locate(options.getLdrawDir()).toString());
    } catch (LDrawException e) {
      throw new CliException(e.getMessage(), BrickBoxCli.NO_LIBRARY);
    }
    long start = System.nanoTime();
    Manifest manifest;
    String logSummary = null;
    if (BrickBoxCli.verbose()) {
      manifest = BrickBoxPipeline.run(options, System.err);
    } else {
      try (RunLog log = RunLog.open(options.getOut())) {
        manifest = BrickBoxPipeline.run(options, log.console());
        logSummary = log.summary();
      }
    }
    new RunSummaryPrinter(out).print(manifest, options.getOut(), (System.nanoTime() - start) / 1_000_000);
    if (logSummary != null) out.println(logSummary);
    return manifest.status().equals("failed") ? BrickBoxCli.RUN_FAILED : BrickBoxCli.OK;
  }
}
