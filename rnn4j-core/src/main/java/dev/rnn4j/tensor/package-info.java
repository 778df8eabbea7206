/**
 * The bottom of rnn4j: off-heap row-major {@link dev.rnn4j.tensor.Matrix} views, matrix products through
 * OpenBLAS ({@link dev.rnn4j.tensor.Blas}), scalar activations and a seeded generator whose state can be
 * saved. Imports nothing from the rest of rnn4j.
 */
package dev.rnn4j.tensor;
