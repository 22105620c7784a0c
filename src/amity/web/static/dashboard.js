/* Amity dashboard: charts from the JSON API with Vega-Lite, and the statements behind every mark.
 *
 * Security: every piece of data is put into the page with textContent or setAttribute, never innerHTML;
 * links are only made for http(s) URLs; Vega runs with its expression interpreter (ast: true), so the
 * page works under a Content-Security-Policy without 'unsafe-eval'.
 */
(function () {
  'use strict';

  var PILLAR_COLORS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2', '#eeca3b'];
  var LEVELS = ['head', 'minister', 'senior', 'official', 'non_official'];
  var LEVEL_NAMES = {head: 'Head of state/government', minister: 'Minister', senior: 'Senior official',
    official: 'Other official', non_official: 'Non-official'};
  var PAGE_SIZE = 20;
  var body = document.body;
  var framework = body.dataset.framework;
  var frameworkInfo = null;
  var pendingCharts = 0;

  // -- small DOM helpers ---------------------------------------------------------------------------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, String(attrs[k]));
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function safeUrl(url) {
    if (!url) return null;
    try {
      var parsed = new URL(url, location.origin);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (e) { return null; }
  }
  function api(path, params) {
    var url = new URL(path, location.origin);
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== '') url.searchParams.set(k, v);
    });
    return fetch(url.href, {headers: {Accept: 'application/json'}}).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data && data.error ? data.error.message : r.statusText);
        return data;
      });
    });
  }
  function fmt(value, digits) {
    if (value === null || value === undefined) return '–';
    return typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(digits === undefined ? 2 : digits) : String(value);
  }

  // -- pillars -------------------------------------------------------------------------------------
  function pillarIndex(id) {
    var ids = (frameworkInfo && frameworkInfo.pillars || []).map(function (p) { return p.id; });
    var i = ids.indexOf(id);
    return i < 0 ? ids.length : i;
  }
  function pillarLabel(id) {
    var found = (frameworkInfo && frameworkInfo.pillars || []).filter(function (p) { return p.id === id; })[0];
    return found ? id + ' · ' + found.name : String(id);
  }
  function subAreaName(id) {
    var found = (frameworkInfo && frameworkInfo.sub_areas || []).filter(function (s) { return s.id === id; })[0];
    return found ? found.name : String(id);
  }
  function pillarScale() {
    var pillars = frameworkInfo && frameworkInfo.pillars || [];
    return {domain: pillars.map(function (p) { return pillarLabel(p.id); }),
            range: pillars.map(function (p, i) { return PILLAR_COLORS[i % PILLAR_COLORS.length]; })};
  }
  function loadFramework() {
    return api('/api/frameworks').then(function (data) {
      frameworkInfo = data.items.filter(function (f) { return f.id === framework; })[0] || data.items[0] ||
        {id: framework, pillars: [], sub_areas: []};
    });
  }

  // -- charts --------------------------------------------------------------------------------------
  function chartDone(target, ok) {
    target.dataset.rendered = ok ? 'true' : 'error';
    pendingCharts -= 1;
    if (pendingCharts === 0) body.dataset.chartsReady = 'true';
  }
  function embed(target, spec, onClick) {
    pendingCharts += 1;
    spec.$schema = 'https://vega.github.io/schema/vega-lite/v5.json';
    spec.config = Object.assign({view: {stroke: null}, axis: {labelFontSize: 11, titleFontSize: 11},
      legend: {labelFontSize: 11, labelLimit: 320}}, spec.config || {});
    var options = {renderer: 'svg', actions: false, ast: true, expr: vega.expressionInterpreter};
    return vegaEmbed(target, spec, options).then(function (result) {
      if (onClick) {
        result.view.addEventListener('click', function (event, item) {
          // a line is drawn as one path whose datum is its first point: only points, bars and cells drill
          if (item && item.datum && item.mark && item.mark.marktype !== 'line' && item.mark.marktype !== 'text') {
            onClick(item.datum);
          }
        });
      }
      target.dataset.marks = String(result.view.scenegraph().root ? countItems(result.view.scenegraph().root) : 0);
      chartDone(target, true);
      return result;
    }).catch(function (err) {
      target.replaceChildren(el('p', {class: 'error'}, 'Chart failed: ' + err.message));
      chartDone(target, false);
    });
  }
  function countItems(node) {
    var n = 0;
    (function walk(x) {
      if (!x) return;
      if (x.items) x.items.forEach(function (it) { if (it.datum && it.mark && it.mark.marktype !== 'group') n += 1; walk(it); });
    })(node);
    return n;
  }
  function emptyChart(target, message) {
    target.replaceChildren(el('p', {class: 'empty'}, message));
    target.dataset.rendered = 'empty';
  }

  // -- statements panel ----------------------------------------------------------------------------
  // Server offsets count Unicode code points (Python str indices); JavaScript strings index UTF-16 code
  // units, which differ after every astral character (emoji, flags, mathematical letters). This maps a
  // code-point offset to a UTF-16 index in one pass, and is the identity for text without surrogates.
  function codePoints(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return {length: text.length, at: function (k) { return k; }};
    var units = [0]; // units[k]: UTF-16 index of code point k (a lone surrogate counts as one, as in Python)
    for (var i = 0; i < text.length;) {
      i += text.codePointAt(i) > 0xFFFF ? 2 : 1;
      units.push(i);
    }
    return {length: units.length - 1, at: function (k) { return units[k]; }};
  }
  function highlighted(st) {
    var p = el('p', {class: 'text'});
    var text = st.text || '';
    var cp = codePoints(text);
    var base = st.start || 0;
    var inside = [], outside = [];
    (st.evidence || []).forEach(function (ev) {
      var s = ev.start - base, e = ev.end - base; // code points, relative to the statement
      if (e > 0 && s < cp.length && e > s) inside.push({s: Math.max(0, s), e: Math.min(cp.length, e), ev: ev});
      else outside.push(ev);
    });
    inside.sort(function (a, b) { return a.s - b.s || b.e - a.e; });
    var cursor = 0;
    inside.forEach(function (x) {
      if (x.s < cursor) return; // overlapping spans: the first (longest) one is shown
      if (x.s > cursor) p.append(text.slice(cp.at(cursor), cp.at(x.s)));
      p.append(el('mark', {class: 'ev ev-' + x.ev.field,
        title: x.ev.field + ': ' + x.ev.value + (x.ev.cue ? ' (cue “' + x.ev.cue + '”)' : '')},
        text.slice(cp.at(x.s), cp.at(x.e))));
      cursor = x.e;
    });
    if (cursor < cp.length) p.append(text.slice(cp.at(cursor)));
    var nodes = [p];
    if (outside.length) {
      nodes.push(el('p', {class: 'other-evidence'}, 'Also: ' + outside.map(function (ev) {
        return ev.field + '=' + ev.value + ' (“' + ev.text + '”)';
      }).join('; ')));
    }
    return nodes;
  }
  // The other persons of a joint source: " with Hun Manet (KHM), ..." (text nodes: names are never markup).
  function coSpeakers(st) {
    var others = st.co_speakers || [];
    if (!others.length) return null;
    return el('span', {class: 'co-speakers'}, ' with ' + others.map(function (p) {
      return p.name + (p.country ? ' (' + p.country + ')' : '');
    }).join(', '));
  }
  function statementCard(st) {
    var head = el('header', {},
      el('time', {datetime: st.published || ''}, (st.published || 'undated').slice(0, 10)), ' · ',
      el('span', {class: 'speaker'}, st.speaker_name || 'Unattributed'),
      st.speaker_title ? ' (' + st.speaker_title + ')' : '',
      st.speaker_country ? ', ' + st.speaker_country : '',
      coSpeakers(st), ' · ',
      st.document_source || st.document_title || '');
    var foot = el('footer', {});
    (st.pillars || []).forEach(function (p) {
      var badge = el('span', {class: 'badge pillar', title: pillarLabel(p)}, p);
      badge.style.background = PILLAR_COLORS[pillarIndex(p) % PILLAR_COLORS.length];
      foot.append(badge);
    });
    (st.sub_areas || []).forEach(function (s) { foot.append(el('span', {class: 'badge', title: s}, subAreaName(s))); });
    (st.mechanisms || []).forEach(function (m) { foot.append(el('span', {class: 'badge'}, m)); });
    if (st.event_type) foot.append(el('span', {class: 'badge'}, st.event_type));
    if (st.tone) foot.append(el('span', {class: 'badge tone-' + st.tone}, st.tone));
    if (st.commitment) foot.append(el('span', {class: 'badge'}, st.commitment));
    var links = el('span', {class: 'links'});
    var source = safeUrl(st.document_url);
    if (source) links.append(el('a', {href: source, target: '_blank', rel: 'noopener noreferrer nofollow', class: 'source-link'}, 'Source'));
    links.append(el('a', {href: '/document/' + encodeURIComponent(st.document_id) + '?framework=' +
      encodeURIComponent(framework) + '#st-' + st.idx, class: 'document-link', title: st.document_title || ''}, 'In document'));
    foot.append(links);
    var article = el('article', {class: 'statement', 'data-statement-id': st.id}, head);
    highlighted(st).forEach(function (n) { article.append(n); });
    article.append(foot);
    return article;
  }
  var drill = {params: null, offset: 0, title: ''};
  function showStatements(title, params, append) {
    var list = document.getElementById('evidence-list');
    var more = document.getElementById('evidence-more');
    var heading = document.getElementById('evidence-title');
    var help = document.getElementById('evidence-help');
    if (help) help.hidden = true;
    if (!append) {
      drill = {params: params, offset: 0, title: title};
      list.replaceChildren(el('p', {class: 'muted'}, 'Loading…'));
    }
    var query = Object.assign({framework: framework, limit: PAGE_SIZE, offset: drill.offset}, drill.params);
    return api('/api/statements', query).then(function (data) {
      if (!append) list.replaceChildren();
      heading.textContent = drill.title + ' — ' + data.total + ' statement' + (data.total === 1 ? '' : 's');
      if (!data.total) list.append(el('p', {class: 'empty'}, 'No statements.'));
      data.items.forEach(function (st) { list.append(statementCard(st)); });
      drill.offset += data.items.length;
      more.hidden = drill.offset >= data.total;
      list.dataset.loaded = String(drill.offset);
    }).catch(function (err) {
      list.replaceChildren(el('p', {class: 'error'}, err.message));
    });
  }
  function wireMore() {
    var more = document.getElementById('evidence-more');
    if (more) more.addEventListener('click', function () { showStatements(drill.title, drill.params, true); });
  }

  // -- dyad / country page -------------------------------------------------------------------------
  function dyadPage() {
    var root = document.getElementById('dyad-page');
    var subject = root.dataset.subject, by = root.dataset.by;
    var scope = root.dataset.kind === 'country' ? {country: subject} : {dyad: subject};
    var scoped = function (extra) { return Object.assign({framework: framework}, scope, extra || {}); };
    var timelineRows = [];

    function timeline() {
      var target = document.getElementById('chart-timeline');
      var metric = document.getElementById('metric-select').value;
      var rows = timelineRows.filter(function (r) { return r.pillar !== 'all'; });
      if (!rows.length) { emptyChart(target, 'No dated statements.'); return; }
      var titles = {statements: 'Statements', stories: 'Stories', weighted: 'Quality-weighted statements', net_tone: 'Net tone'};
      embed(target, {
        width: 'container', height: 230, data: {values: rows},
        mark: {type: 'line', point: {filled: true, size: 70}, strokeWidth: 2},
        encoding: {
          x: {field: 'period_start', type: 'temporal', title: null},
          y: {field: metric, type: 'quantitative', title: titles[metric]},
          color: {field: 'pillar_label', type: 'nominal', scale: pillarScale(), legend: {orient: 'bottom', title: null}},
          tooltip: [{field: 'period', title: 'Period'}, {field: 'pillar_label', title: 'Pillar'},
            {field: 'statements', type: 'quantitative'}, {field: 'stories', type: 'quantitative'},
            {field: 'share', type: 'quantitative', format: '.0%'}, {field: 'quality', type: 'quantitative', format: '.2f'},
            {field: 'net_tone', type: 'quantitative', format: '+.2f'}, {field: 'change', type: 'quantitative'},
            {field: 'trend', type: 'quantitative', format: '+.2f'}]
        }
      }, function (d) {
        showStatements(pillarLabel(d.pillar) + ' · ' + d.period, scoped({pillar: d.pillar, period: d.period, by: by}));
      });
    }

    function balance() {
      var target = document.getElementById('chart-balance');
      var rows = timelineRows.filter(function (r) { return r.pillar !== 'all' && r.statements > 0; });
      var totals = timelineRows.filter(function (r) { return r.pillar === 'all' && r.balance !== null; });
      if (!rows.length) { emptyChart(target, 'No dated statements.'); return; }
      embed(target, {
        width: 'container', height: 200,
        layer: [
          {data: {values: rows}, mark: {type: 'bar', opacity: 0.9},
            encoding: {
              x: {field: 'period', type: 'ordinal', title: null, axis: {labelOverlap: true, labelAngle: -40}},
              y: {field: 'share', type: 'quantitative', stack: 'normalize', axis: {format: '%'}, title: 'Share'},
              color: {field: 'pillar_label', type: 'nominal', scale: pillarScale(), legend: null},
              order: {field: 'pillar_order'},
              tooltip: [{field: 'period'}, {field: 'pillar_label', title: 'Pillar'}, {field: 'statements', type: 'quantitative'},
                {field: 'share', type: 'quantitative', format: '.0%'}]
            }},
          {data: {values: totals}, mark: {type: 'line', color: '#1d2733', point: {color: '#1d2733', size: 30}},
            encoding: {
              x: {field: 'period', type: 'ordinal'},
              y: {field: 'balance', type: 'quantitative', scale: {domain: [0, 1]}},
              tooltip: [{field: 'period'}, {field: 'balance', type: 'quantitative', format: '.2f', title: 'Balance'},
                {field: 'statements', type: 'quantitative', title: 'All statements'}]
            }}
        ]
      }, function (d) {
        if (d.pillar && d.pillar !== 'all') {
          showStatements(pillarLabel(d.pillar) + ' · ' + d.period, scoped({pillar: d.pillar, period: d.period, by: by}));
        } else {
          showStatements('All pillars · ' + d.period, scoped({period: d.period, by: by}));
        }
      });
    }

    function kpis() {
      var all = timelineRows.filter(function (r) { return r.pillar === 'all'; });
      var sum = function (k) { return all.reduce(function (a, r) { return a + (r[k] || 0); }, 0); };
      var n = sum('statements');
      var last = all.filter(function (r) { return r.statements > 0; }).slice(-1)[0];
      var lastRow = all.slice(-1)[0];
      document.getElementById('kpi-statements').textContent = String(n);
      document.getElementById('kpi-stories').textContent = String(sum('stories'));
      document.getElementById('kpi-quality').textContent = n ? (sum('weighted') / n).toFixed(2) : '–';
      document.getElementById('kpi-tone').textContent = n ? ((sum('cooperative') - sum('conflictual')) / n).toFixed(2) : '–';
      document.getElementById('kpi-balance').textContent = last ? fmt(last.balance) + ' (' + last.period + ')' : '–';
      document.getElementById('kpi-momentum').textContent = lastRow ?
        (lastRow.change === null ? '–' : (lastRow.change >= 0 ? '+' : '') + lastRow.change) +
        ' · trend ' + fmt(lastRow.trend) : '–';
    }

    function bars(id, rows, opts, onClick) {
      var target = document.getElementById(id);
      if (!rows.length) { emptyChart(target, opts.empty); return; }
      embed(target, {
        width: 'container', height: Math.max(80, rows.length * 22), data: {values: rows},
        mark: {type: 'bar', cornerRadiusEnd: 2},
        encoding: Object.assign({
          y: {field: opts.label, type: 'nominal', sort: '-x', title: null, axis: {labelLimit: 230}},
          x: {field: 'statements', type: 'quantitative', title: 'Statements', axis: {tickMinStep: 1, format: 'd'}},
          tooltip: opts.tooltip
        }, opts.color ? {color: opts.color} : {color: {value: '#4c78a8'}})
      }, onClick);
    }

    function breakdowns() {
      api('/api/indicators/sub-areas', scoped()).then(function (data) {
        var rows = data.items.slice(0, 15).map(function (r) {
          return Object.assign({}, r, {pillar_label: pillarLabel(r.pillar), label: r.sub_area_name});
        });
        bars('chart-subareas', rows, {label: 'label', empty: 'No sub-areas coded.',
          color: {field: 'pillar_label', type: 'nominal', scale: pillarScale(), legend: null},
          tooltip: [{field: 'label', title: 'Sub-area'}, {field: 'pillar_label', title: 'Pillar'},
            {field: 'statements', type: 'quantitative'}, {field: 'stories', type: 'quantitative'},
            {field: 'share', type: 'quantitative', format: '.0%'}]},
          function (d) { showStatements('Sub-area · ' + d.label, scoped({sub_area: d.sub_area})); });
      });
      api('/api/indicators/speakers', scoped()).then(function (data) {
        var rows = data.items.slice(0, 12).map(function (r) {
          return Object.assign({}, r, {label: r.name + (r.country ? ' (' + r.country + ')' : ''),
            level_name: LEVEL_NAMES[r.level] || r.level});
        });
        bars('chart-speakers', rows, {label: 'label', empty: 'No attributed speakers.',
          color: {field: 'level_name', type: 'nominal', title: 'Level',
            scale: {domain: LEVELS.map(function (l) { return LEVEL_NAMES[l]; }),
              range: ['#1d3557', '#457b9d', '#7aa6c2', '#a8c5da', '#d0dde8']}, legend: {orient: 'bottom', columns: 2, labelLimit: 200}},
          tooltip: [{field: 'label', title: 'Speaker'}, {field: 'title'}, {field: 'level_name', title: 'Level'},
            {field: 'statements', type: 'quantitative'}, {field: 'weighted', type: 'quantitative', format: '.1f'},
            {field: 'net_tone', type: 'quantitative', format: '+.2f'}]},
          function (d) { showStatements('Speaker · ' + d.label, scoped({speaker: d.speaker_id})); });
      });
      api('/api/indicators/mechanisms', scoped()).then(function (data) {
        bars('chart-mechanisms', data.items.slice(0, 12), {label: 'name', empty: 'No mechanisms named.',
          tooltip: [{field: 'name', title: 'Mechanism'}, {field: 'statements', type: 'quantitative'},
            {field: 'stories', type: 'quantitative'}]},
          function (d) { showStatements('Mechanism · ' + d.name, scoped({mechanism: d.mechanism})); });
      });
      api('/api/indicators/mechanism-pillars', scoped()).then(function (data) {
        var target = document.getElementById('chart-mechpillars');
        var rows = data.items.map(function (r) { return Object.assign({}, r, {pillar_label: r.pillar}); });
        if (!rows.length) { emptyChart(target, 'No mechanisms named.'); return; }
        var threshold = Math.max.apply(null, rows.map(function (r) { return r.statements; })) / 2;
        embed(target, {
          width: 'container', height: Math.max(80, new Set(rows.map(function (r) { return r.mechanism; })).size * 24),
          data: {values: rows},
          encoding: {
            x: {field: 'pillar_label', type: 'nominal', title: null, axis: {labelAngle: 0}},
            y: {field: 'mechanism', type: 'nominal', title: null}
          },
          layer: [
            {mark: 'rect', encoding: {color: {field: 'statements', type: 'quantitative', scale: {scheme: 'blues'}, legend: null},
              tooltip: [{field: 'mechanism'}, {field: 'pillar_name', title: 'Pillar'}, {field: 'statements', type: 'quantitative'}]}},
            {mark: {type: 'text', fontSize: 11}, encoding: {text: {field: 'statements', type: 'quantitative'},
              color: {condition: {test: 'datum.statements > ' + threshold, value: '#ffffff'}, value: '#1d2733'}}}
          ]
        }, function (d) {
          showStatements(d.mechanism + ' · ' + pillarLabel(d.pillar), scoped({mechanism: d.mechanism, pillar: d.pillar}));
        });
      });
      api('/api/indicators/quality', scoped()).then(function (data) {
        var target = document.getElementById('chart-quality');
        if (!data.items.length) { emptyChart(target, 'No statements.'); return; }
        var rows = data.items.map(function (r) {
          return Object.assign({}, r, {label: r.dimension === 'speaker_level' ? (LEVEL_NAMES[r.value] || r.value) : r.value});
        });
        embed(target, {
          data: {values: rows},
          facet: {column: {field: 'dimension', type: 'nominal', title: null,
            sort: ['speaker_level', 'commitment', 'event_class', 'tone']}},
          spec: {width: 150, height: 110, mark: {type: 'bar', color: '#72b7b2'},
            encoding: {y: {field: 'label', type: 'nominal', title: null, sort: null}, x: {field: 'statements', type: 'quantitative', title: null},
              tooltip: [{field: 'dimension'}, {field: 'label', title: 'Value'}, {field: 'statements', type: 'quantitative'}]}},
          resolve: {scale: {y: 'independent', x: 'independent'}}
        }, function (d) {
          var filter = {};
          if (d.dimension === 'tone') filter.tone = d.value;
          else if (d.dimension === 'commitment') filter.commitment = d.value;
          else if (d.dimension === 'event_class') filter.event_class = d.value;
          else if (d.dimension === 'speaker_level') filter.speaker_level = d.value;
          showStatements(d.dimension.replace('_', ' ') + ' · ' + d.label, scoped(filter));
        });
      });
    }

    api('/api/indicators', scoped({by: by})).then(function (data) {
      timelineRows = data.items.map(function (r) {
        return Object.assign({}, r, {pillar_label: r.pillar === 'all' ? 'All' : pillarLabel(r.pillar), pillar_order: pillarIndex(r.pillar)});
      });
      kpis();
      timeline();
      balance();
    }).catch(function (err) {
      document.getElementById('chart-timeline').replaceChildren(el('p', {class: 'error'}, err.message));
    });
    breakdowns();
    document.getElementById('metric-select').addEventListener('change', timeline);
    wireMore();
  }

  // -- overview page -------------------------------------------------------------------------------
  function overviewPage() {
    var target = document.getElementById('chart-dyads');
    if (!target) return;
    api('/api/dyads', {framework: framework}).then(function (data) {
      var rows = [];
      data.items.slice(0, 20).forEach(function (d) {
        Object.keys(d.pillars).forEach(function (p) {
          rows.push({dyad: d.dyad, label: d.country_a + ' – ' + d.country_b, pillar: p, pillar_label: pillarLabel(p),
            pillar_order: pillarIndex(p), statements: d.pillars[p], total: d.statements});
        });
      });
      if (!rows.length) { emptyChart(target, 'No dyads.'); return; }
      embed(target, {
        width: 'container', height: Math.max(80, Math.min(20, data.items.length) * 24), data: {values: rows},
        mark: 'bar',
        encoding: {
          y: {field: 'label', type: 'nominal', title: null, sort: {field: 'total', order: 'descending'}},
          x: {field: 'statements', type: 'quantitative', title: 'Statements (by pillar coded)'},
          color: {field: 'pillar_label', type: 'nominal', scale: pillarScale(), legend: {orient: 'bottom', title: null}},
          order: {field: 'pillar_order'},
          tooltip: [{field: 'label', title: 'Dyad'}, {field: 'pillar_label', title: 'Pillar'}, {field: 'statements', type: 'quantitative'}]
        }
      }, function (d) {
        location.href = '/dyad/' + encodeURIComponent(d.dyad) + '?framework=' + encodeURIComponent(framework);
      });
    });
  }

  // -- search page ---------------------------------------------------------------------------------
  function searchPage() {
    var params = new URLSearchParams(location.search);
    var filters = {};
    ['q', 'dyad', 'pillar', 'start', 'end'].forEach(function (k) { if (params.get(k)) filters[k] = params.get(k); });
    wireMore();
    if (!Object.keys(filters).length) {
      document.getElementById('evidence-list').replaceChildren(el('p', {class: 'muted'}, 'Type words to search statement text and speakers.'));
      return;
    }
    showStatements(filters.q ? '“' + filters.q + '”' : 'Statements', filters);
  }

  function autosubmit() {
    document.querySelectorAll('select.autosubmit').forEach(function (select) {
      select.addEventListener('change', function () { select.form.submit(); });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    autosubmit();
    var page = body.dataset.page;
    loadFramework().then(function () {
      if (page === 'dyad') dyadPage();
      else if (page === 'overview') overviewPage();
      else if (page === 'search') searchPage();
    });
  });
})();
