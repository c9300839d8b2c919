package org.brickbox.pipeline;

/** Version strings recorded in every manifest. */
public final class Versions {
  /** Bumped with every release whose outputs differ. */
  public static final String BRICKBOX = "0.1.0";

  private Versions() {}
}
