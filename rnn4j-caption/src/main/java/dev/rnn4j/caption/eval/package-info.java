/**
 * Captioning data meets the model: {@link dev.rnn4j.caption.eval.CaptionDataset} turns a subset of a
 * caption set, image features and a word vocabulary into the model's arrays (reporting images without
 * features), and {@link dev.rnn4j.caption.eval.CaptionEvaluator} decodes held-out images and scores them
 * with corpus BLEU and perplexity. Depends on {@code caption.data}, {@code caption.model},
 * {@code caption.train}'s validation hook, and the core's {@code decode} and {@code score}.
 */
package dev.rnn4j.caption.eval;
