/**
 * Looking inside trained models, for the reports of the command line, after Karpathy, Johnson and Fei-Fei
 * 2015 ("Visualizing and Understanding Recurrent Networks") and the lecture's gradient-flow argument.
 *
 * <p>Interpretable cells: {@link dev.rnn4j.inspect.ActivationRecorder} runs a model over a text and hands
 * over every unit's value after every character; {@link dev.rnn4j.inspect.Probes} turns the text into
 * per-character signals (inside a quote, line position, bracket depth, ...);
 * {@link dev.rnn4j.inspect.Association} scores every unit against every probe in one streaming pass;
 * {@link dev.rnn4j.inspect.GateSaturation} counts how often each gate is saturated; and
 * {@link dev.rnn4j.inspect.CellSearch} ties them together into what a report shows.
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
