/**
 * {@code rnn4j caption ...}: the image-captioning commands (features from images, synthetic scenes, a
 * summary of a captioning data set; training, prediction and evaluation join them). Progress goes to
 * standard error (redrawn on a terminal, plain lines in CI), results to standard output.
 */
package dev.rnn4j.cli.caption;
