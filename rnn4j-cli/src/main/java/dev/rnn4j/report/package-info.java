/**
 * Self-contained HTML reports (inline CSS, JavaScript and SVG; nothing fetched, so they open from a file
 * in any browser): {@link dev.rnn4j.report.CellsReport} shows an interpretable-cell search, with
 * {@link dev.rnn4j.report.Html} the little they share (escaping, the red-white-blue colour scale, the page
 * shell and an atomic write).
 */
package dev.rnn4j.report;
