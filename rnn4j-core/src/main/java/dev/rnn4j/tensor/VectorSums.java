package dev.rnn4j.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums of squares over arrays, sixteen floats at a time, accumulated in double. The lanes are added in
 * index order at the end, not by a lane reduction (whose order differs between the compiled and the
 * interpreted Vector API), so the result is the same bits whether C2 has compiled this or not.
 */
final class VectorSums {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_512;

  private VectorSums() {}

  static double sumOfSquares(float[] x, int len) {
    DoubleVector low = DoubleVector.zero(DOUBLES);
    DoubleVector high = DoubleVector.zero(DOUBLES);
    int i = 0;
    for (; i + 16 <= len; i += 16) {
      FloatVector v = FloatVector.fromArray(FLOATS, x, i);
      DoubleVector a = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector b = (DoubleVector) v.convertShape(VectorOperators.F2D, DOUBLES, 1);
      low = a.fma(a, low);
      high = b.fma(b, high);
    }
    double[] lanes = low.add(high).toArray();
    double s = 0;
    for (double lane : lanes) {
      s += lane;
    }
    for (; i < len; i++) {
      double a = x[i];
      s += a * a;
    }
    return s;
  }
}
