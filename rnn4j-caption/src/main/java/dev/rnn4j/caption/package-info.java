/**
 * Image captioning, the lecture's one-to-many shape: a vector of image features conditions a recurrent
 * word model that writes the sentence from {@code <START>} to {@code <END>} (neuraltalk). Built on the
 * core's cells, optimizers and safetensors; ONNX Runtime turns images into feature vectors.
 */
package dev.rnn4j.caption;
