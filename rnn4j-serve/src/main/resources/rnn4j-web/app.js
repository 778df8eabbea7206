'use strict';
// The rnn4j page: Write (samples streamed character by character), Look inside (what a model pays for and
// expects at each character of a text, and the units that follow structure), Watch training (the curves).
// Everything lives in this closure; window.rnn4j is the one name it leaves, for tests and the curious.
(function () {
  const $ = (css) => document.querySelector(css);
  const h = (tag, props, ...kids) => {
    const e = Object.assign(document.createElement(tag), props);
    e.append(...kids);
    return e;
  };
  const SVG = 'http://www.w3.org/2000/svg';
  // The fragment never reaches the server, so a token given there stays out of its logs.
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  // Request fields the API may name in an error, and the input to mark for each.
  const FIELDS = { prime: '#prime', length: '#length', temperature: '#temperature', top_k: '#top-k', seed: '#seed',
    units: '#unit', text: '#analyze-text' };

  const app = {
    models: [],
    write: { chars: [], controller: null, unitAsked: '', recolouring: 0 },
    inside: { result: null, unit: null },
    training: { on: false, version: null, timer: null, polling: false, failing: false },
  };
  window.rnn4j = app;

  class ApiError extends Error {
    constructor(message, field, status) {
      super(message);
      Object.assign(this, { field, status });
    }
  }

  // ---- talking to the server ----

  async function api(method, path, body, signal) {
    const headers = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
      res = await fetch(path, { method, headers, signal, body: typeof body === 'string' ? body : JSON.stringify(body) });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError('cannot reach the server (' + e.message + ')');
    }
    if (!res.ok) {
      let e = {};
      try { e = await res.json(); } catch (_) { /* not the API's JSON: a proxy's page, say */ }
      throw new ApiError(e.error || res.status + ' ' + res.statusText, e.field, res.status);
    }
    return res;
  }

  const modelPath = (m, what) => '/v1/models/' + encodeURIComponent(m.id) + '/' + what;

  // Server-sent events from a fetch() body: EventSource cannot POST, so the lines are read here.
  async function readEvents(body, handle) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(0), { stream: !done });
      buffer = buffer.replace(/\r\n?/g, '\n');
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length) handle(event, data.join('\n'));
      }
      if (done) return;
    }
  }

  // ---- errors: one visible line, and the input at fault marked ----

  function showError(e) {
    if (e && e.name === 'AbortError') return;
    const line = $('#error');
    line.textContent = e instanceof ApiError ? e.message : 'unexpected: ' + (e && e.message || e);
    line.hidden = false;
    const input = e && e.field && FIELDS[e.field] && $(FIELDS[e.field]);
    if (input) input.setAttribute('aria-invalid', 'true');
  }

  function clearError() {
    $('#error').hidden = true;
    document.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  }

  // Every handler goes through here, so a failure becomes the error line, never an uncaught rejection.
  const guard = (fn) => (...args) => Promise.resolve().then(() => fn(...args)).catch(showError);

  // ---- characters, colours and the hover box ----

  const NAMES = { '\n': '\u21b5 newline', ' ': '\u2423 space', '\t': '\u21e5 tab' };
  function visible(c) {
    if (NAMES[c]) return NAMES[c];
    const code = c.codePointAt(0);
    return code < 32 || code === 127 ? 'U+' + code.toString(16).toUpperCase().padStart(4, '0') : c;
  }

  const pct = (p) => (100 * p).toFixed(p >= 0.0995 ? 1 : 2) + '%';

  // A unit's value in [-1, 1]: blue below zero, red above, white at zero (as in Karpathy's figures).
  function unitColour(v) {
    if (v === null || v === undefined || !isFinite(v)) return '';
    const t = Math.min(1, Math.abs(v));
    const fade = Math.round(255 * (1 - 0.55 * t)); // at most 115: black text stays readable
    return v < 0 ? `rgb(${fade}, ${fade}, 255)` : `rgb(255, ${fade}, ${fade})`;
  }

  // Loss paid for a character: white when it was expected, deep orange at 4 nats (1 in 55) and more.
  function lossColour(loss) {
    if (loss === null || loss === undefined) return '';
    const t = Math.min(1, loss / 4);
    return `rgb(255, ${Math.round(255 - 140 * t)}, ${Math.round(255 - 235 * t)})`;
  }

  function charSpan(c, i, primed) {
    const span = h('span', { className: primed ? 'ch primed' : 'ch', textContent: c });
    span.dataset.i = i;
    return span;
  }

  function paint(container, colourOf) {
    container.querySelectorAll('span.ch').forEach((s) => { s.style.backgroundColor = colourOf(Number(s.dataset.i)); });
  }

  function legend(el, text) {
    el.hidden = !text;
    el.textContent = text || '';
  }

  // lines: [label, value] pairs above the guesses; guesses: [[char, p], ...]; actual: the character read.
  function showHover(span, lines, guesses, actual) {
    const box = $('#hoverbox');
    box.replaceChildren(...lines.map(([label, value]) => h('p', {}, label + ' ', h('b', { textContent: value }))));
    if (guesses && guesses.length) {
      const table = h('table', { className: 'guesses' });
      table.createCaption().textContent = 'the model\u2019s five best guesses here';
      for (const [c, p] of guesses) {
        const row = table.insertRow();
        if (c === actual) row.className = 'actual';
        row.insertCell().textContent = visible(c);
        row.insertCell().textContent = pct(p);
      }
      box.append(table);
    }
    box.hidden = false;
    // Below the character, or above it near the bottom of the window; never past an edge.
    const r = span.getBoundingClientRect();
    const height = box.offsetHeight;
    box.style.left = Math.max(4, Math.min(window.innerWidth - box.offsetWidth - 4, r.left)) + 'px';
    box.style.top = (r.bottom + 6 + height < window.innerHeight ? r.bottom + 6 : Math.max(4, r.top - height - 6)) + 'px';
  }

  function hoverOn(container, describe) {
    container.addEventListener('mouseover', (e) => {
      const span = e.target.closest && e.target.closest('span.ch');
      if (span) describe(span, Number(span.dataset.i));
    });
    container.addEventListener('mouseleave', () => { $('#hoverbox').hidden = true; });
  }

  // ---- models ----

  async function loadModels() {
    const body = await (await api('GET', '/v1/models')).json();
    app.models = body.models.filter((m) => m.kind === 'char-lm');
    app.training.on = body.training === true;
    $('#model').replaceChildren(...app.models.map((m) => new Option(m.id, m.id)));
    if (!$('#view-training').hidden) guard(pollTraining)(); // the tab was opened before the list came
    if (!app.models.length) throw new ApiError('the server has no character model: nothing to write with or look into');
    modelChanged();
  }

  const model = () => app.models.find((m) => m.id === $('#model').value);

  function modelChanged() {
    const m = model();
    if (!m) return;
    const c = m.config || {};
    const val = typeof m.validation_loss === 'number' ? ', validation ' + m.validation_loss.toFixed(3) + ' nats/char' : '';
    $('#model-info').textContent = `${c.cell} ${c.layers}\u00d7${c.hidden}, ${m.vocabulary_size} symbols, `
      + `${m.iteration} iterations${val}`;
    const topK = $('#top-k');
    topK.max = m.vocabulary_size;
    if (Number(topK.value) > m.vocabulary_size) topK.value = 0;
    sliderChanged();
  }

  function sliderChanged() {
    $('#temperature-value').textContent = Number($('#temperature').value).toFixed(2);
    const k = Number($('#top-k').value);
    $('#top-k-value').textContent = k === 0 ? 'all' : String(k);
  }

  // ---- Write ----

  function sampleRequest() {
    const body = { prime: $('#prime').value, length: Number($('#length').value), temperature: Number($('#temperature').value),
      top_k: Number($('#top-k').value), top: 5 };
    const unit = $('#unit').value.trim();
    if (unit) body.units = [unit];
    let json = JSON.stringify(body);
    const seed = $('#seed').value.trim();
    if (seed) {
      if (!/^-?\d{1,19}$/.test(seed)) throw new ApiError('seed: expected a whole number', 'seed');
      // Spliced in as written: a seed past 2^53 would lose digits as a JavaScript number.
      json = json.slice(0, -1) + ',"seed":' + seed + '}';
    }
    return { json, unit };
  }

  async function generate(e) {
    if (e) e.preventDefault();
    const m = model();
    if (!m || app.write.controller) return;
    clearError();
    const { json, unit } = sampleRequest();
    const controller = new AbortController();
    const output = $('#output');
    app.write = { model: m, chars: [], controller, unitAsked: unit, recolouring: app.write.recolouring + 1 };
    output.replaceChildren();
    legend($('#write-legend'), unit ? `colour: unit ${unit}, blue below zero, red above` : '');
    setRunning(true);
    $('#write-status').textContent = 'writing\u2026';
    let seed = '';
    let ended = false;
    try {
      const res = await api('POST', modelPath(m, 'sample'), json, controller.signal);
      await readEvents(res.body, (event, data) => {
        // A chunk read before Stop may still be waiting here: Stop means nothing more is written.
        if (controller.signal.aborted) throw new DOMException('stopped', 'AbortError');
        if (event === 'start') {
          seed = (/"seed":(-?\d+)/.exec(data) || [])[1] || ''; // read from the text: JSON numbers stop at 2^53
        } else if (event === 'message') {
          const ch = JSON.parse(data);
          const span = charSpan(ch.c, app.write.chars.length, ch.primed);
          if (ch.u) span.style.backgroundColor = unitColour(ch.u[0]);
          app.write.chars.push(ch);
          output.append(span);
        } else if (event === 'end') {
          ended = true;
          const d = JSON.parse(data);
          $('#write-status').textContent = `${d.generated} characters in ${d.seconds.toFixed(2)} s, seed ${seed}`;
        } else if (event === 'error') {
          throw new ApiError(JSON.parse(data).error);
        }
      });
      if (!ended) throw new ApiError('the stream ended early, after ' + app.write.chars.length + ' characters');
    } catch (err) {
      if (err.name !== 'AbortError') throw err;
      $('#write-status').textContent = `stopped after ${app.write.chars.filter((c) => !c.primed).length} characters`
        + (seed ? ', seed ' + seed : '');
    } finally {
      setRunning(false);
      app.write.controller = null;
    }
    // The unit may have changed while the text streamed.
    if ($('#unit').value.trim() !== unit) await recolourWrite();
  }

  function setRunning(running) {
    $('#generate').disabled = running;
    $('#stop').disabled = !running;
    $('#output').setAttribute('aria-busy', String(running));
  }

  // Colouring by another unit needs its values over the written text: the same text read from a zero state
  // (as the sampler read it) gives them.
  async function recolourWrite() {
    const chars = app.write.chars;
    if (app.write.controller || !chars.length) return; // a text still streaming is recoloured at its end
    const unit = $('#unit').value.trim();
    if (unit === app.write.unitAsked) return; // a pick from the list, then leaving the box: one change
    const asked = ++app.write.recolouring;
    if (!unit) {
      chars.forEach((c) => { delete c.u; });
    } else {
      const body = { text: chars.map((c) => c.c).join(''), units: [unit], probes: false };
      // The model that wrote the text, even if the picker has moved on since.
      const r = await (await api('POST', modelPath(app.write.model, 'analyze'), body)).json();
      if (asked !== app.write.recolouring) return; // a later change has overtaken this one
      const values = Object.values(r.units)[0];
      chars.forEach((c, i) => { c.u = [values[i]]; });
    }
    app.write.unitAsked = unit;
    paint($('#output'), (i) => (chars[i].u ? unitColour(chars[i].u[0]) : ''));
    legend($('#write-legend'), unit ? `colour: unit ${unit}, blue below zero, red above` : '');
  }

  function describeWritten(span, i) {
    const ch = app.write.chars[i];
    if (!ch) return;
    const lines = [[ch.primed ? 'read from the prime:' : 'drawn:', visible(ch.c)]];
    if (ch.p !== null && ch.p !== undefined) lines.push([ch.primed ? 'probability:' : 'probability where drawn:', pct(ch.p)]);
    else lines.push(['the first character:', 'nothing predicted it']);
    if (ch.u) lines.push(['unit ' + app.write.unitAsked + ':', ch.u[0].toFixed(3)]);
    showHover(span, lines, ch.top, ch.c);
  }

  // ---- Look inside ----

  async function analyze(e) {
    if (e) e.preventDefault();
    const m = model();
    if (!m) return;
    clearError();
    $('#analyze').disabled = true;
    $('#inside-summary').textContent = 'reading\u2026';
    try {
      const r = await (await api('POST', modelPath(m, 'analyze'), { text: $('#analyze-text').value, probes: true })).json();
      app.inside = { result: r, unit: null };
      const out = $('#inside-output');
      out.replaceChildren(...r.chars.map((c, i) => charSpan(c, i, false)));
      $('#inside-summary').textContent = typeof r.nats_per_char === 'number'
        ? `${r.chars.length} characters: ${r.nats_per_char.toFixed(3)} nats (${r.bits_per_char.toFixed(3)} bits) per character`
        : `${r.chars.length} character: nothing to predict`;
      listProbeUnits(r.probes || []);
      colourInside(null);
    } catch (err) {
      $('#inside-summary').textContent = '';
      throw err;
    } finally {
      $('#analyze').disabled = false;
    }
  }

  function listProbeUnits(probes) {
    const list = $('#probe-units');
    list.replaceChildren();
    const none = [];
    const found = new Set();
    for (const p of probes) {
      if (!p.units.length) none.push(p.probe);
      for (const u of p.units) {
        const b = h('button', { type: 'button', className: 'unit', textContent: u.unit });
        b.dataset.unit = u.unit;
        b.setAttribute('aria-pressed', 'false');
        list.append(h('li', {}, b, ` ${p.probe} (${u.describe})`));
        found.add(u.unit);
      }
    }
    $('#probes-none').textContent = none.length ? 'No unit follows ' + none.join(', ') + ' in this text.' : '';
    // Offered to Write's colour-by-unit box too.
    $('#unit-list').replaceChildren(...[...found].map((u) => new Option(u)));
  }

  function colourInside(unit) {
    const r = app.inside.result;
    if (!r) return;
    app.inside.unit = unit;
    const values = unit && r.units[unit];
    paint($('#inside-output'), values ? (i) => unitColour(values[i]) : (i) => lossColour(r.loss[i]));
    legend($('#inside-legend'), values ? `colour: unit ${unit}, blue below zero, red above`
      : 'colour: loss paid for each character, white when expected, orange when surprising');
    document.querySelectorAll('#probe-units button.unit').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.unit === unit)));
    $('#colour-loss').setAttribute('aria-pressed', String(!values));
  }

  function describeRead(span, i) {
    const r = app.inside.result;
    if (!r) return;
    const lines = [['character:', visible(r.chars[i])]];
    const loss = r.loss[i];
    lines.push(loss === null ? ['the first character:', 'read, not predicted']
      : ['loss:', `${loss.toFixed(3)} nats (${(loss / Math.LN2).toFixed(2)} bits, p ${pct(Math.exp(-loss))})`]);
    if (app.inside.unit) lines.push(['unit ' + app.inside.unit + ':', r.units[app.inside.unit][i].toFixed(3)]);
    showHover(span, lines, r.guesses[i], r.chars[i]);
  }

  // ---- Watch training ----

  async function pollTraining() {
    const t = app.training;
    clearTimeout(t.timer);
    if (!t.on) {
      $('#training-status').textContent = 'no training being watched';
      return;
    }
    if (t.polling) return; // the poll in flight schedules the next one
    t.polling = true;
    try {
      const snap = await (await api('GET', '/v1/training')).json();
      if (t.failing) clearError();
      t.failing = false;
      if (snap.version !== t.version) {
        t.version = snap.version;
        showTraining(snap);
      }
    } catch (e) {
      if (e.status === 404) {
        t.on = false;
        $('#training-status').textContent = 'no training being watched';
        return;
      }
      t.failing = true;
      showError(e);
    } finally {
      t.polling = false;
    }
    if (!$('#view-training').hidden) t.timer = setTimeout(guard(pollTraining), 1000);
  }

  function duration(s) {
    if (typeof s !== 'number' || !isFinite(s)) return '\u2014';
    s = Math.round(s);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
    return Math.floor(s / 3600) + ' h ' + String(Math.floor(s / 60) % 60).padStart(2, '0') + ' min';
  }

  function showTraining(t) {
    const num = (v, digits) => (typeof v === 'number' ? v.toLocaleString('en', { maximumFractionDigits: digits }) : '\u2014');
    $('#training-name').textContent = 'Training: ' + t.name;
    $('#training-status').textContent = t.status + (t.error ? ' (' + t.error + ')' : '');
    $('#training-iteration').textContent = num(t.iteration, 0);
    $('#training-epochs').textContent = num(t.epochs, 2);
    $('#training-speed').textContent = num(t.chars_per_second, 0);
    $('#training-elapsed').textContent = duration(t.elapsed_seconds);
    $('#training-remaining').textContent = duration(t.remaining_seconds);
    drawChart(t.loss || [], t.validation || []);
    const samples = (t.samples || []).map((x) => h('figure', {},
      h('figcaption', { textContent: 'iteration ' + num(x.iteration, 0) }), h('pre', { textContent: x.text })));
    $('#training-samples').replaceChildren(...(samples.length ? samples : [h('p', { className: 'muted', textContent: 'none yet' })]));
  }

  function el(tag, attrs, parent) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (parent) parent.append(e);
    return e;
  }

  // Round steps (1, 2 or 5 times a power of ten) covering [lo, hi] in about n ticks.
  function ticks(lo, hi, n) {
    const raw = (hi - lo) / n;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  }

  function drawChart(loss, validation) {
    const W = 760;
    const H = 320;
    const pad = { l: 56, r: 16, t: 12, b: 40 };
    const box = $('#training-chart');
    const old = box.querySelector('svg');
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'loss against iteration' });
    const xs = loss.map((p) => p[0]).concat(validation.map((p) => p[0]));
    const ys = loss.flatMap((p) => p.slice(1)).concat(validation.map((p) => p[1])).filter((v) => typeof v === 'number' && isFinite(v));
    if (!xs.length || !ys.length) {
      el('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'empty' }, svg).textContent = 'no losses yet';
    } else {
      let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
      let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
      if (x1 === x0) { x0 -= 1; x1 += 1; }
      const dy = (y1 - y0 || Math.abs(y0) || 1) * 0.06;
      y0 = Math.max(0, y0 - dy);
      y1 += dy;
      const X = (v) => pad.l + (v - x0) / (x1 - x0) * (W - pad.l - pad.r);
      const Y = (v) => H - pad.b - (v - y0) / (y1 - y0) * (H - pad.t - pad.b);
      const axes = el('g', { class: 'axes' }, svg);
      for (const v of ticks(y0, y1, 5)) {
        el('line', { x1: pad.l, x2: W - pad.r, y1: Y(v), y2: Y(v), class: 'grid' }, axes);
        el('text', { x: pad.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, axes).textContent = v;
      }
      for (const v of ticks(x0, x1, 6).filter((v) => Number.isInteger(v))) {
        el('line', { x1: X(v), x2: X(v), y1: H - pad.b, y2: H - pad.b + 5 }, axes);
        el('text', { x: X(v), y: H - pad.b + 18, 'text-anchor': 'middle' }, axes).textContent = v.toLocaleString('en');
      }
      el('line', { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b }, axes);
      el('line', { x1: pad.l, x2: pad.l, y1: pad.t, y2: H - pad.b }, axes);
      el('text', { x: (pad.l + W - pad.r) / 2, y: H - 4, 'text-anchor': 'middle' }, axes).textContent = 'iteration';
      // A missing value (a non-finite loss) breaks the line rather than joining across it.
      const line = (points, col) => {
        let d = '';
        let pen = 'M';
        for (const p of points) {
          if (typeof p[col] !== 'number') { pen = 'M'; continue; }
          d += `${pen}${X(p[0]).toFixed(1)},${Y(p[col]).toFixed(1)}`;
          pen = 'L';
        }
        return d;
      };
      el('path', { d: line(loss, 1), class: 'loss' }, svg);
      el('path', { d: line(loss, 2), class: 'smooth' }, svg);
      el('path', { d: line(validation, 1), class: 'validation' }, svg);
      for (const p of validation) el('circle', { cx: X(p[0]), cy: Y(p[1]), r: 3, class: 'validation' }, svg);
    }
    if (old) old.replaceWith(svg);
    else box.prepend(svg);
  }

  // ---- tabs ----

  function showView(name) {
    for (const tab of document.querySelectorAll('[role=tab]')) {
      const on = tab.id === 'tab-' + name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      $('#' + tab.getAttribute('aria-controls')).hidden = !on;
    }
    $('#hoverbox').hidden = true;
    if (name === 'training') guard(pollTraining)();
    else clearTimeout(app.training.timer);
  }

  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  function tabKeys(e) {
    const tabs = [...document.querySelectorAll('[role=tab]')];
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0 || !step) return;
    const next = tabs[(i + step + tabs.length) % tabs.length];
    next.focus();
    showView(next.id.slice(4));
  }

  function start() {
    for (const tab of document.querySelectorAll('[role=tab]')) tab.addEventListener('click', () => showView(tab.id.slice(4)));
    $('.tabs').addEventListener('keydown', tabKeys);
    $('#model').addEventListener('change', modelChanged);
    $('#temperature').addEventListener('input', sliderChanged);
    $('#top-k').addEventListener('input', sliderChanged);
    $('#write-form').addEventListener('submit', guard(generate));
    $('#stop').addEventListener('click', () => app.write.controller && app.write.controller.abort());
    $('#unit').addEventListener('change', guard(recolourWrite));
    // A pick from the list of found units colours at once; typing waits for Enter or leaving the box.
    $('#unit').addEventListener('input', (e) => {
      if ([...$('#unit-list').options].some((o) => o.value === e.target.value)) guard(recolourWrite)();
    });
    $('#unit').addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault(); // Enter here recolours what is written; it does not write anew
      guard(recolourWrite)();
    });
    $('#inside-form').addEventListener('submit', guard(analyze));
    $('#probe-units').addEventListener('click', (e) => {
      const b = e.target.closest('button.unit');
      if (b) colourInside(b.dataset.unit);
    });
    $('#colour-loss').addEventListener('click', () => colourInside(null));
    hoverOn($('#output'), describeWritten);
    hoverOn($('#inside-output'), describeRead);
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') $('#hoverbox').hidden = true; });
    sliderChanged();
    guard(loadModels)();
  }

  start();
})();
