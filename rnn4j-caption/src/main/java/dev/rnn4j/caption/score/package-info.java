/**
 * Scoring generated captions against reference sentences: corpus BLEU ({@link
 * dev.rnn4j.caption.score.Bleu}), as reported by neuraltalk, coco-caption and NLTK.
 */
package dev.rnn4j.caption.score;
