package org.brickbox.io.ldraw;

import java.util.List;
import org.brickbox.io.records.Located;

/**
 * A problem that stops one part (or the whole library) from loading. Unchecked so that callers in lambdas and
 * DoFns can route it to a dead-letter output; the message names the file, line and the reference chain.
 */
public final class LDrawException extends RuntimeException implements Located {
  private static final long serialVersionUID = 1L;
  private final LDrawProblem problem;
  private final List<String> chain;

  public LDrawException(String message) {
    this(new LDrawProblem("", 0, message), List.of(), null);
  }

  public LDrawException(String message, Throwable cause) {
    this(new LDrawProblem("", 0, message), List.of(), cause);
  }

  /** {@code chain} lists the referencing locations from the part down to the failing file ({@code file:line}). */
  LDrawException(LDrawProblem problem, List<String> chain, Throwable cause) {
    super(format(problem, chain), cause);
    this.problem = problem;
    this.chain = List.copyOf(chain);
  }

  private static String format(LDrawProblem problem, List<String> chain) {
    String located = problem.file().isEmpty() ? problem.message() : problem.toString();
    return chain.size() < 2 ? located : located + " (via " + String.join(" → ", chain) + ")";
  }

  /** The file (relative to the library root) where loading failed; empty when the problem is not in a file. */
  public String file() {
    return problem.file();
  }

  /** {@code file:line} for dead letters; null when the problem is not in a file. */
  @Override
  public String location() {
    if (problem == null || problem.file().isEmpty()) return null;
    return problem.line() > 0 ? problem.file() + ":" + problem.line() : problem.file();
  }

  /** What went wrong, without the file, line and chain of {@link #getMessage()}. */
  public String problemMessage() {
    return problem.message();
  }

  /** The 1-based line in {@link #file()}, or 0. */
  public int line() {
    return problem.line();
  }

  /** Reference locations from the requested part down to the failing line, e.g. {@code parts/3001.dat:16}. */
  public List<String> chain() {
    return chain;
  }
}
