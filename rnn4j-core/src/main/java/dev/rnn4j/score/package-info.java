/**
 * Scoring generated sequences against reference sentences: corpus BLEU ({@link dev.rnn4j.score.Bleu}), as
 * reported by neuraltalk, coco-caption, NLTK and multi-bleu.perl. It lives in the core because every
 * sequence-producing model kind (captions, translations) is scored the same way and should share one
 * implementation. Imports nothing from the rest of rnn4j.
 */
package dev.rnn4j.score;
