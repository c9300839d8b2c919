package org.brickbox.beam;

import org.apache.beam.sdk.transforms.DoFn;

/**
 * A DoFn whose units of work are counted in {@link LiveProgress}: it publishes this worker's counts at the end of
 * every bundle, before the runner commits it, so a finished stage never shows less than it did.
 */
public abstract class LiveProgressFn<InputT, OutputT> extends DoFn<InputT, OutputT> {

  @FinishBundle
  public void publishProgress(FinishBundleContext context) {
    LiveProgress.flush(context.getPipelineOptions());
  }
}
