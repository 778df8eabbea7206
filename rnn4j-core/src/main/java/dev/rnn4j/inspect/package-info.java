/**
 * Looking inside a trained model, after Karpathy, Johnson and Fei-Fei 2015 ("Visualizing and
 * Understanding Recurrent Networks"): {@link dev.rnn4j.inspect.ActivationRecorder} runs a model over a
 * text and hands over every unit's value after every character; {@link dev.rnn4j.inspect.Probes} turns
 * the text into per-character signals (inside a quote, line position, bracket depth, ...);
 * {@link dev.rnn4j.inspect.Association} scores every unit against every probe in one streaming pass;
 * {@link dev.rnn4j.inspect.GateSaturation} counts how often each gate is saturated; and
 * {@link dev.rnn4j.inspect.CellSearch} ties them together into what a report shows. Depends on
 * {@code model}, {@code nn}, {@code tensor} and {@code text} only; never prints.
 */
package dev.rnn4j.inspect;
