package dev.rnn4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sigmoid and tanh of {@link Activations} over arrays, sixteen lanes at a time, through the Vector API's
 * exponential (Intel's SVML on x86): about half a nanosecond an element against five for the table.
 * {@code tanh(x) = 2 / (1 + e^(-2x)) - 1}, because the API's own TANH is not intrinsified on JDK 17
 * (measured 30 ns an element). Both saturate correctly: e^(-x) overflows to infinity and the quotient to 0.
 * Absolute error under 2e-7 (the table's bound). The few elements after the last full vector use the table.
 */
final class VectorActivations {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_512;

  private VectorActivations() {}

  static void sigmoid(float[] x, int from, int to) {
    int i = from;
    for (int end = to - SPECIES.length(); i <= end; i += SPECIES.length()) {
      FloatVector e = FloatVector.fromArray(SPECIES, x, i).neg().lanewise(VectorOperators.EXP).add(1f);
      FloatVector.broadcast(SPECIES, 1f).div(e).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = Activations.sigmoid(x[i]);
    }
  }

  static void tanh(float[] x, int from, int to) {
    int i = from;
    for (int end = to - SPECIES.length(); i <= end; i += SPECIES.length()) {
      FloatVector e = FloatVector.fromArray(SPECIES, x, i).mul(-2f).lanewise(VectorOperators.EXP).add(1f);
      FloatVector.broadcast(SPECIES, 2f).div(e).sub(1f).intoArray(x, i);
    }
    for (; i < to; i++) {
      x[i] = Activations.tanh(x[i]);
    }
  }
}
