package dev.rnn4j.report;

/** The cells report's inline style and script. */
final class CellsPage {
  private CellsPage() {}

  static final String CSS = """
      body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 70em; padding: 0 1em; color: #222; }
      h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; } h3 { font-size: 1em; margin: 1.2em 0 0.3em; }
      .meta, .what, .where { color: #555; } .note { background: #fff6d5; border-left: 4px solid #e0b000; padding: 0.4em 0.8em; }
      .score { font-weight: normal; color: #444; } .sw { display: inline-block; width: 1.2em; height: 0.9em; border: 1px solid #999; vertical-align: middle; }
      table.summary { border-collapse: collapse; } table.summary td, table.summary th { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
      .unit { white-space: nowrap; margin-right: 1em; font-family: ui-monospace, monospace; }
      .excerpt { font: 13px/1.5 ui-monospace, 'DejaVu Sans Mono', monospace; white-space: pre-wrap; word-break: break-all;
        border: 1px solid #ddd; padding: 0.5em; margin: 0.3em 0 0.8em; max-height: 24em; overflow-y: auto; }
      span.ch { cursor: default; } span.ch:hover { outline: 1px solid #000; } span.ch.in { text-decoration: underline; text-decoration-color: #080; }
      svg.loss-strip { display: block; width: 100%; height: 36px; background: #fafafa; border: 1px solid #ddd; } svg.loss-strip path { fill: #e07000; }
      .plots { display: flex; flex-wrap: wrap; gap: 1em; } svg.saturation text { font: 11px system-ui, sans-serif; fill: #333; } svg.saturation text.title { font-weight: bold; font-size: 13px; }
      .tip { position: absolute; z-index: 10; background: #fff; border: 1px solid #888; box-shadow: 0 2px 8px rgba(0,0,0,.25); padding: 0.4em 0.6em; font-size: 13px; pointer-events: none; }
      .tip table { border-collapse: collapse; } .tip td { padding: 0 0.4em; font-family: ui-monospace, monospace; } .tip .bar { height: 0.7em; background: #4a7bd0; }
      """;

  /** Shows the guesses box for the hovered character; GUESSES is defined just before this script. */
  static final String SCRIPT = """
      (function () {
        const tip = document.getElementById('tip');
        const esc = s => s.replace(/[&<>"]/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
        function show(span, x, y) {
          const g = GUESSES[span.dataset.i];
          if (!g) { return; }
          let html = '<div><b>' + esc(g[0]) + '</b>' + (g[1] === null ? '' : ' cost ' + g[1].toFixed(2) + ' nats')
            + '; guesses for the next character:</div><table class="guesses">';
          for (let k = 2; k + 1 < g.length; k += 2) {
            const p = g[k + 1];
            html += '<tr><td>' + esc(g[k]) + '</td><td>' + (100 * p).toFixed(1) + '%</td><td><div class="bar" style="width:'
              + Math.max(1, Math.round(80 * p)) + 'px"></div></td></tr>';
          }
          tip.innerHTML = html + '</table>';
          tip.hidden = false;
          tip.style.left = (x + 14) + 'px';
          tip.style.top = (y + 14) + 'px';
        }
        document.addEventListener('mouseover', e => {
          const span = e.target.closest ? e.target.closest('span.ch') : null;
          if (span) {
            show(span, e.pageX, e.pageY);
          } else {
            tip.hidden = true;
          }
        });
      })();
      """;
}
