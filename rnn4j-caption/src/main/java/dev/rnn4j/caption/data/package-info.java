/**
 * Captioning data: reference sentences ({@link dev.rnn4j.caption.data.CaptionSet}, read from the Flickr8k
 * token file with its split lists or from Karpathy's {@code dataset.json}, tokenised by core's {@link
 * dev.rnn4j.text.Tokenizer} and counted into its {@link dev.rnn4j.text.WordVocabulary}), and image feature
 * vectors ({@link dev.rnn4j.caption.data.ImageFeatures}, read from TSV, {@code .npy} or safetensors and
 * matched to images by name). Nothing here knows about models or images' pixels.
 */
package dev.rnn4j.caption.data;
