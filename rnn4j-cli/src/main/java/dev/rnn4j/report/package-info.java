/**
 * Self-contained HTML reports: inline CSS, JavaScript and SVG, nothing fetched, so a report opens from a
 * file in any browser, offline. {@link dev.rnn4j.report.CellsReport} shows an interpretable-cell search
 * (coloured excerpts, next-character guesses, loss, gate saturation); {@link dev.rnn4j.report.GradflowReport}
 * shows gradient flow through time (random recurrences and trained models, with and without clipping) as
 * log-scale line plots drawn by {@link dev.rnn4j.report.SvgLinePlot}; {@link dev.rnn4j.report.AttentionPage}
 * shows a translator's attention, one greyscale heat map per sentence. {@link dev.rnn4j.report.Html} holds
 * what they share (escaping, the red-white-blue colour scale, the page shell and an atomic write): a reader
 * sees the old file or the new one.
 */
package dev.rnn4j.report;
