/**
 * {@code rnn4j classify} and {@code rnn4j tag}: the command lines of the many-to-one and many-to-many models
 * of {@code rnn4j-seq}.
 */
package dev.rnn4j.cli.seq;
