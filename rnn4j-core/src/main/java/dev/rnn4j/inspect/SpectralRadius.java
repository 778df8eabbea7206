package dev.rnn4j.inspect;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The spectral radius of a square matrix: the largest modulus of its (possibly complex) eigenvalues. It,
 * not the largest singular value, sets the long-run growth of {@code W^k}: {@code |W^k|^(1/k) -> rho(W)}.
 */
public final class SpectralRadius {
  private SpectralRadius() {}

  /** {@code max |lambda_i(w)|}, through EJML's general eigenvalue decomposition. */
  public static double of(DMatrixRMaj w) {
    if (w.numRows != w.numCols || w.numRows == 0) {
      throw new IllegalArgumentException("spectral radius needs a non-empty square matrix, got "
          + w.numRows + "x" + w.numCols);
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(w.numRows, false);
    if (!eig.decompose(w.copy())) {
      throw new IllegalStateException("eigenvalue decomposition of a " + w.numRows + "x" + w.numCols
          + " matrix did not converge");
    }
    double radius = 0;
    for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
      radius = Math.max(radius, eig.getEigenvalue(i).getMagnitude());
    }
    return radius;
  }

  /** A copy of {@code w} scaled so that its spectral radius is {@code rho}. */
  public static DMatrixRMaj rescaled(DMatrixRMaj w, double rho) {
    double r = of(w);
    if (!(r > 0)) {
      throw new IllegalArgumentException("cannot rescale a matrix whose spectral radius is 0");
    }
    DMatrixRMaj out = w.copy();
    CommonOps_DDRM.scale(rho / r, out);
    return out;
  }
}
