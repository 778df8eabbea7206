package dev.rnn4j.seq.eval;

/** A feature vector holding only its non-zero entries: {@code value[i]} at position {@code index[i]}. */
record SparseVector(int[] index, double[] value) {
  double dot(double[] dense) {
    double s = 0;
    for (int i = 0; i < index.length; i++) {
      s += value[i] * dense[index[i]];
    }
    return s;
  }

  /** {@code dense += scale * this}. */
  void addTo(double[] dense, double scale) {
    for (int i = 0; i < index.length; i++) {
      dense[index[i]] += scale * value[i];
    }
  }
}
