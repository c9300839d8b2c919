package org.brickbox.pipeline.store;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Prepares the launching JVM for outputs on object storage (s3://...), before it reads or plans anything there. */
public final class ObjectStores {
  /** The options that say how to reach an object store: S3's and AWS's (endpoint, region, credentials, ...). */
  private static final Set<String> OPTION_NAMES = optionNames();

  private ObjectStores() {}

  /**
   * Selects path-style addressing when asked, and registers Beam's file systems with these options: the launcher
   * reads the output directory (a previous run, for incremental rebuilds) before the pipeline itself would.
   */
  public static void prepare(StoreOptions options) {
    PathStyleS3ClientBuilderFactory.configure(options);
    FileSystems.setDefaultPipelineOptions(options);
  }

  /**
   * For commands that read a run's output outside a pipeline ({@code status}, {@code logs}, {@code report}):
   * prepares the object-store options among {@code args} (as a run takes them) and returns the other arguments.
   */
  public static List<String> prepareFrom(List<String> args) {
    List<String> store = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : "";
      (OPTION_NAMES.contains(name) ? store : rest).add(arg);
    }
    PipelineOptionsFactory.register(StoreOptions.class);
    prepare(PipelineOptionsFactory.fromArgs(store.toArray(String[]::new)).as(StoreOptions.class));
    return rest;
  }

  private static Set<String> optionNames() {
    Set<String> names = new TreeSet<>(Set.of("s3PathStyleAccess"));
    for (Method m : S3Options.class.getMethods()) {
      // S3's and AWS's own options, not the ones every pipeline has (runner, job name, ...).
      boolean storeOption = !m.getDeclaringClass().isAssignableFrom(PipelineOptions.class);
      if (storeOption && m.getName().startsWith("get") && m.getParameterCount() == 0) {
        names.add(Introspector.decapitalize(m.getName().substring(3)));
      }
    }
    return names;
  }
}
