package dev.rnn4j.train;

/** Why a training run ended normally. */
public enum StopReason {
  ITERATIONS,
  EPOCHS,
  TIME,
  REQUESTED
}
