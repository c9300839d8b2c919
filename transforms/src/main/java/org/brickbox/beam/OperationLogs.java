package org.brickbox.beam;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.metrics.Metrics;
import org.brickbox.io.records.FailureRecord;
import org.brickbox.io.records.Located;
import org.brickbox.io.records.OperationLogRecord;
import org.brickbox.io.records.OperationLogRecord.Status;

/**
 * Builds operation-log and dead-letter records with the worker's identity and wall-clock timings. Every record
 * also counts as Beam metrics, so a runner's UI (Flink's dashboard) and {@code PipelineResult.metrics()} show
 * the same quantities as {@code operation_logs.jsonl} while the run goes: a counter per operation and status
 * ({@link #counterName}) and a distribution of durations ({@link #durationName}), in namespace
 * {@link #metricsNamespace}.
 */
public final class OperationLogs {
  /** host:pid/thread: which JVM and thread did the work, for tracing slow or failing workers. */
  private static final String JVM = ManagementFactory.getRuntimeMXBean().getName().replace('@', ':');
  /** A Flink task thread's chain of operators and its subtask: {@code CHAIN A -> B -> FlatMap (FlatMap at X) (1/2)#0}. */
  private static final Pattern FLINK_TASK = Pattern.compile("(?:.* -> )?\\w+ \\(\\w+ at (.+)\\)( \\(\\d+/\\d+\\)(?:#\\d+)?)$");

  private OperationLogs() {}

  public static String worker() {
    return JVM + "/" + taskName(Thread.currentThread().getName());
  }

  /**
   * The thread's name, with a Flink task chain shortened to its last step and subtask
   * ({@code render/RenderViews (1/2)#0}): the whole chain repeated in every record was half of
   * {@code operation_logs.jsonl}, and the last step is the one that wrote the record.
   */
  static String taskName(String threadName) {
    Matcher m = FLINK_TASK.matcher(threadName);
    return m.matches() ? m.group(1) + m.group(2) : threadName;
  }

  public static String metricsNamespace(String stage) {
    return "brickbox." + stage;
  }

  /** {@code render_view.ok}: the same spelling as the manifest's counts ({@code render.render_view.ok}). */
  public static String counterName(String operation, Status status) {
    return operation + "." + status.name().toLowerCase(Locale.ROOT);
  }

  public static String durationName(String operation) {
    return operation + ".duration_ms";
  }

  /** The record of one operation; call it inside a DoFn so its metrics land in the step's container. */
  public static OperationLogRecord record(
      String stage, String operation, String key, Status status, long startNanos,
      Map<String, Object> metadata, String error) {
    long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
    Metrics.counter(metricsNamespace(stage), counterName(operation, status)).inc();
    Metrics.distribution(metricsNamespace(stage), durationName(operation)).update(durationMs);
    return new OperationLogRecord(
        Instant.now().toString(), stage, operation, key, status, worker(), metadata, durationMs, error);
  }

  /**
   * {@link #record} that also counts the operation in the job's live progress ({@link LiveProgress}), for the
   * operations the progress display counts as a stage's units.
   */
  public static OperationLogRecord record(org.apache.beam.sdk.options.PipelineOptions options, String stage,
      String operation, String key, Status status, long startNanos, Map<String, Object> metadata, String error) {
    LiveProgress.count(options, metricsNamespace(stage), counterName(operation, status), 1);
    return record(stage, operation, key, status, startNanos, metadata, error);
  }

  /** A dead letter for {@code key}; the location is taken from the error when it knows one (file:line). */
  public static FailureRecord failure(String stage, String key, String input, Throwable error) {
    String location = error instanceof Located located ? located.location() : null;
    return new FailureRecord(stage, key, input, error.getClass().getSimpleName(), describe(error), location);
  }

  /** The message chain of an error, outermost first, so nested causes are not lost. */
  public static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (text.indexOf(message) >= 0) continue;
      if (text.length() > 0) text.append(": caused by ");
      text.append(message);
    }
    return text.toString();
  }
}
