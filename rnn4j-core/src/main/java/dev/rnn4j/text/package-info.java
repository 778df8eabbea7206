/**
 * Text as training data: a {@link dev.rnn4j.text.Vocabulary} (the sorted symbols of a text: Unicode code
 * points, or raw bytes), a {@link dev.rnn4j.text.Corpus} (a whole file as compact token ids, decoded
 * strictly, with contiguous train/validation/test {@link dev.rnn4j.text.Split splits}) and a
 * {@link dev.rnn4j.text.BatchStream} (B contiguous streams cut into windows of T steps for truncated
 * backpropagation through time); and for word-level models, the {@link dev.rnn4j.text.Tokenizer} and
 * {@link dev.rnn4j.text.WordVocabulary} (min count, {@code <UNK>}) that captioning, classification and tagging
 * share, and the {@link dev.rnn4j.text.BytePairEncoding} (learned subword units) that spares a translator
 * {@code <UNK>}. Imports nothing from the rest of rnn4j; model and train build on it.
 */
package dev.rnn4j.text;
