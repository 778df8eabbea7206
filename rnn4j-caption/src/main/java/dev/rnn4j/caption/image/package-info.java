/**
 * From pixels to feature vectors: {@link dev.rnn4j.caption.image.OnnxFeatureExtractor} runs any image CNN
 * exported to ONNX (with {@link dev.rnn4j.caption.image.ImagePreprocessing}'s resize, crop and
 * normalisation), {@link dev.rnn4j.caption.image.GridFeatureExtractor} is a small built-in stand-in for one,
 * and {@link dev.rnn4j.caption.image.FeatureFiles} turns a directory of images into {@link
 * dev.rnn4j.caption.data.ImageFeatures}, skipping unreadable images. {@link
 * dev.rnn4j.caption.image.SceneGenerator} draws synthetic scenes with true captions for end-to-end checks.
 */
package dev.rnn4j.caption.image;
