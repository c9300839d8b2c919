package org.brickbox.pipeline.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code ./brickbox} subcommand: its name, the one line {@code ./brickbox help} shows, the text
 * {@code ./brickbox NAME --help} prints, and what it runs. The CLI answers {@code --help} itself, so an action
 * only sees real work.
 *
 * @param usage usage lines and option descriptions, printed verbatim by {@code --help}
 * @param details more help printed after {@code usage}, computed only when asked (e.g. every pipeline option)
 */
public record Subcommand(String name, String summary, String usage, Action action, Details details) {

  public Subcommand(String name, String summary, String usage, Action action) {
    this(name, summary, usage, action, out -> {});
  }

  /** What the subcommand does with its arguments (the command name removed); returns the exit code. */
  @FunctionalInterface
  public interface Action {
    int run(List<String> args, PrintStream out) throws Exception;
  }

  @FunctionalInterface
  public interface Details {
    void print(PrintStream out);
  }
}
