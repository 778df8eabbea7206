/**
 * {@code rnn4j serve}: an HTTP API (JSON, described by {@code /openapi.json}) and a web page over trained
 * checkpoints, on Javalin (Jetty). Character models stream samples whose concurrent generations step
 * together as one batch ({@link dev.rnn4j.sample.BatchSampler}), analyse and evaluate posted text, and
 * show what their cells do; the other model kinds (captions, classification, tagging, translation)
 * predict. A running training shows its curves here ({@link dev.rnn4j.serve.TrainingFeed}).
 *
 * <p>The server never writes a file and never opens a path a request names: it serves the checkpoints it
 * was given when it started.
 */
package dev.rnn4j.serve;
