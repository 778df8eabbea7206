/**
 * The {@code rnn4j} command line (picocli): {@code train}, {@code sample}, {@code eval}, {@code bench},
 * {@code cells}, {@code gradflow}, and {@code caption} (its subcommands live in
 * {@code dev.rnn4j.cli.caption}). Renders the library's listeners as progress lines (redrawn on a terminal,
 * plain lines in CI) and turns every error into one line on standard error and a non-zero exit.
 */
package dev.rnn4j.cli;
