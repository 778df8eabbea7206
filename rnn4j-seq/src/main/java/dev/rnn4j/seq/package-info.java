/**
 * Many-to-one and many-to-many recurrent models: a classifier reads a whole sequence and emits one label
 * (sentiment, language); a tagger emits a label for every token (part of speech). Both are clients of
 * core's training skeleton ({@code dev.rnn4j.train.TrainingTask}); the recurrent layers, masks,
 * bidirectional layers and pooling are core's.
 */
package dev.rnn4j.seq;
