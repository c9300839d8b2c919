package org.brickbox.io.records;

/** An error that knows where in the input it arose, e.g. {@code parts/s/foo.dat:12}; dead letters carry it. */
public interface Located {
  String location();
}
