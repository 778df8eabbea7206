package dev.rnn4j.tensor;

/**
 * Whether the Vector API kernels ({@link PanelKernel}, {@link VectorActivations}) run here: the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the {@code rnn4j} launcher, the build's tests and
 * benchmarks pass it), the CPU has 512-bit vectors, and the system property {@code rnn4j.blas-only} is not
 * true (for measuring the plain path). Otherwise every caller takes its plain path: BLAS and scalar loops,
 * the same results up to float rounding.
 */
final class VectorSupport {
  static final boolean ENABLED = enabled();

  private VectorSupport() {}

  private static boolean enabled() {
    if (Boolean.getBoolean("rnn4j.blas-only")
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return PanelKernel.nativeWidth();
    } catch (LinkageError e) {
      return false;
    }
  }
}
