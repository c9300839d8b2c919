package org.brickbox.stages.fuse;

/** One view with everything the index needs: its cues and the vector the embed stage made of it. */
public record FuseView(ViewCues cues, String model, String modelVersion, float[] vector) {}
