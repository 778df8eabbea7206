/**
 * Checkpoint files: named tensors plus string metadata in the
 * <a href="https://github.com/huggingface/safetensors">safetensors</a> format, written atomically and
 * verified on read.
 *
 * <p>{@link dev.rnn4j.io.SafeTensors} writes and reads files; {@link dev.rnn4j.io.Tensor} is one named
 * array; {@link dev.rnn4j.io.SafeTensorsFile} is what a read returns; {@link dev.rnn4j.io.MetadataFields}
 * writes and reads its metadata as named, typed, bounded fields; every refusal of a file is a
 * {@link dev.rnn4j.io.CheckpointException}. This package knows nothing of models: which tensors and which
 * metadata make a checkpoint is decided above it. Imports only {@link dev.rnn4j.tensor}.
 */
package dev.rnn4j.io;
