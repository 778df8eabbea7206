package dev.rnn4j.cli;

import java.util.concurrent.CountDownLatch;

/**
 * While open, Ctrl-C (or a TERM signal) asks a training run to stop and holds the JVM's exit until the run
 * has finished its current step and its listeners (checkpoints) have written, instead of killing it
 * mid-write. Close it when the run is over.
 */
public final class StopOnSignal implements AutoCloseable {
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  public StopOnSignal(Runnable requestStop) {
    hook = new Thread(() -> {
      requestStop.run();
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The run is over: a signal from now on exits at once. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: the JVM is exiting anyway
    }
  }
}
