/**
 * Looking inside trained models, for the reports of the command line: activation recording over a text,
 * interpretable-cell probes (units that track quotes, line position, indentation), gate saturation of
 * LSTM/GRU cells, and gradient flow through time.
 *
 * <p>Gradient flow: {@link dev.rnn4j.inspect.RandomGradientFlow} repeats the lecture's experiment on a
 * random recurrence {@code h_t = f(W h_{t-1} + W_xh x_t)} whose {@code W} is rescaled to a chosen spectral
 * radius ({@link dev.rnn4j.inspect.SpectralRadius}); {@link dev.rnn4j.inspect.ModelGradientFlow} measures
 * the same quantity, the norm of the gradient sent back k steps, on a trained
 * {@link dev.rnn4j.model.LanguageModel} by running its own layers forward and backward. Both give
 * {@link dev.rnn4j.inspect.GradientCurve}s, and both show what global-norm gradient clipping does to them.
 *
 * <p>Depends on {@code dev.rnn4j.model}, {@code nn}, {@code tensor} and {@code text} only; never prints.
 */
package dev.rnn4j.inspect;
