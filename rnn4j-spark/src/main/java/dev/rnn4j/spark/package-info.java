/**
 * Data-parallel training of rnn4j's character models on Apache Spark: the B streams of truncated BPTT are
 * split into contiguous shares, one per Spark partition, whose executor keeps those streams' carried state
 * and dropout generators from window to window. Every step the driver broadcasts the weights, each
 * executor returns the gradient of its streams, the gradients are summed by tree aggregation, and the
 * core's training loop on the driver takes one optimizer step ({@link dev.rnn4j.spark.SparkStreams}).
 * Checkpoints, validation and progress are the core's, on the driver.
 */
package dev.rnn4j.spark;
