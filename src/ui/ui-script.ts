// The live UI's browser side, served as /static/rivulet-ui.js and /static/rivulet-ui.css: the statistics page's
// charts (Spark's titles, tooltips and units; uPlot timelines and histograms) fed by the progress API and kept live
// by Server-Sent Events, the state and source tables, and the query list's live refresh.

export const UI_SCRIPT = `"use strict";
window.RivuletUi = (function () {
  var WATERMARK_TIP = "The gap between batch timestamp and global watermark for the batch.";
  function sum(p, field) {
    return (p.stateOperators || []).reduce(function (s, op) { return s + (op[field] || 0); }, 0);
  }
  function watermarkGap(p) {
    var wm = p.eventTime && p.eventTime.watermark ? Date.parse(p.eventTime.watermark) : 0;
    return wm > 0 ? (Date.parse(p.timestamp) - wm) / 1000 : null;
  }
  function hasState(ps) {
    var last = ps[ps.length - 1];
    return !!last && (last.stateOperators || []).length > 0;
  }
  var CHARTS = [
    { id: "input-rate", title: "Input Rate", unit: "records/sec",
      tip: "The aggregate (across all sources) rate of data arriving.",
      value: function (p) { return p.inputRowsPerSecond; } },
    { id: "process-rate", title: "Process Rate", unit: "records/sec",
      tip: "The aggregate (across all sources) rate at which Spark is processing data.",
      value: function (p) { return p.processedRowsPerSecond; } },
    { id: "input-rows", title: "Input Rows", unit: "records",
      tip: "The aggregate (across all sources) number of records processed in a trigger.",
      value: function (p) { return p.numInputRows; } },
    { id: "batch-duration", title: "Batch Duration", unit: "ms",
      tip: "The process duration of each batch.",
      value: function (p) { return p.batchDuration; } },
    { id: "operation-duration", title: "Operation Duration", unit: "ms", stacked: true,
      tip: "The amount of time taken to perform various operations in milliseconds." },
    { id: "watermark-gap", title: "Global Watermark Gap", unit: "seconds", tip: WATERMARK_TIP,
      when: function (ps) { return ps.some(function (p) { return watermarkGap(p) !== null; }); },
      value: watermarkGap },
    { id: "aggregated-num-total-state-rows", title: "Aggregated Number Of Total State Rows", unit: "records",
      tip: "Aggregated number of total state rows.", when: hasState,
      value: function (p) { return sum(p, "numRowsTotal"); } },
    { id: "aggregated-num-updated-state-rows", title: "Aggregated Number Of Updated State Rows", unit: "records",
      tip: "Aggregated number of updated state rows.", when: hasState,
      value: function (p) { return sum(p, "numRowsUpdated"); } },
    { id: "aggregated-state-memory-used-bytes", title: "Aggregated State Memory Used In Bytes", unit: "bytes",
      tip: "Aggregated state memory used in bytes.", when: hasState,
      value: function (p) { return sum(p, "memoryUsedBytes"); } },
    { id: "aggregated-num-rows-dropped-by-watermark", title: "Aggregated Number Of Rows Dropped By Watermark",
      unit: "records", when: hasState,
      tip: "Accumulates all input rows being dropped in stateful operators by watermark. 'Inputs' are relative to operators.",
      value: function (p) { return sum(p, "numRowsDroppedByWatermark"); } }
  ];
  var COLORS = ["#3b7bbf", "#e37933", "#4fa04f", "#c23b3b", "#8c63b0", "#8a5a4a", "#d264b5", "#7a7a7a"];

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { node.append(c); });
    return node;
  }
  function time(p) { return Date.parse(p.timestamp) / 1000; }
  function finite(v) { return typeof v === "number" && isFinite(v) ? v : null; }

  function timeline(target, chart, ps) {
    var xs = [], ys = [];
    ps.forEach(function (p) { var v = chart.value(p); if (v !== null && v !== undefined) { xs.push(time(p)); ys.push(finite(v)); } });
    return new uPlot({
      width: 480, height: 160,
      series: [{}, { label: chart.title, stroke: COLORS[0], width: 1.5, points: { show: true, size: 4 } }],
      axes: [{}, { label: chart.unit, size: 60 }],
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } }
    }, [xs, ys], target);
  }
  function histogramData(chart, ps) {
    var values = ps.map(chart.value).filter(function (v) { return typeof v === "number" && isFinite(v); });
    var max = values.length ? Math.max.apply(null, values) : 0;
    var bins = 10, width = max > 0 ? max / bins : 1, xs = [], counts = [];
    for (var i = 0; i < bins; i++) { xs.push((i + 0.5) * width); counts.push(0); }
    values.forEach(function (v) { counts[Math.min(bins - 1, Math.floor(v / width))]++; });
    return [xs, counts];
  }
  function histogram(target, chart, ps) {
    return new uPlot({
      width: 340, height: 160,
      series: [{ label: chart.unit }, { label: "batches", fill: COLORS[0] + "99", stroke: COLORS[0],
        paths: uPlot.paths.bars({ size: [0.9] }), points: { show: false } }],
      axes: [{ label: chart.unit }, { label: "batches", size: 50 }],
      scales: { x: { time: false } }
    }, histogramData(chart, ps), target);
  }
  function operationKeys(ps) {
    var keys = {};
    ps.forEach(function (p) { Object.keys(p.durationMs || {}).forEach(function (k) { if (k !== "triggerExecution") keys[k] = true; }); });
    return Object.keys(keys).sort();
  }
  function stackedData(ps, keys) {
    var data = [ps.map(time)], running = ps.map(function () { return 0; });
    keys.forEach(function (k) {
      running = running.map(function (r, i) { return r + ((ps[i].durationMs || {})[k] || 0); });
      data.push(running.slice());
    });
    // The largest total is drawn first so each smaller one shows on top of it.
    return [data[0]].concat(data.slice(1).reverse());
  }
  function stacked(target, ps) {
    var keys = operationKeys(ps);
    var series = [{}].concat(keys.slice().reverse().map(function (k, i) {
      var color = COLORS[(keys.length - 1 - i) % COLORS.length];
      return { label: k, stroke: color, fill: color + "cc", width: 1 };
    }));
    return new uPlot({
      width: 840, height: 200, series: series,
      axes: [{}, { label: "ms", size: 60 }], scales: { x: { time: true } }
    }, stackedData(ps, keys), target);
  }

  function offsetsBehind(source) {
    var end = source.endOffset, latest = source.latestOffset;
    if (typeof end === "number" && typeof latest === "number") return String(latest - end);
    if (end && latest && typeof end === "object" && typeof latest === "object") {
      var parts = [];
      Object.keys(latest).forEach(function (topic) {
        Object.keys(latest[topic] || {}).forEach(function (partition) {
          var e = (end[topic] || {})[partition];
          if (typeof e === "number") parts.push(topic + "-" + partition + ": " + (latest[topic][partition] - e));
        });
      });
      if (parts.length) return parts.join(", ");
    }
    return "-";
  }
  function table(caption, headers, rows) {
    return el("table", { "class": "details" }, [
      el("caption", {}, [caption]),
      el("thead", {}, [el("tr", {}, headers.map(function (h) { return el("th", {}, [h]); }))]),
      el("tbody", {}, rows.map(function (r) { return el("tr", {}, r.map(function (c) { return el("td", {}, [String(c)]); })); }))
    ]);
  }
  // sourceWatermarks: each source's own watermark (Rivulet's; the global one where a source has none of its own).
  function details(p, sourceWatermarks) {
    var target = document.getElementById("details");
    target.replaceChildren();
    if (!p) return;
    var ops = p.stateOperators || [];
    if (ops.length) {
      target.append(table("State operators", ["Operator", "Total state rows", "Updated state rows", "Memory used (bytes)", "State rows per partition"],
        ops.map(function (op, i) {
          return [i + ": " + op.operatorName, op.numRowsTotal, op.numRowsUpdated, op.memoryUsedBytes,
            (op.numRowsPerPartition || [op.numRowsTotal]).join(" / ")];
        })));
    }
    target.append(table("Sources", ["Description", "Start offset", "End offset", "Latest offset", "Offsets behind", "Watermark"],
      (p.sources || []).map(function (s, i) {
        return [s.description, JSON.stringify(s.startOffset), JSON.stringify(s.endOffset), JSON.stringify(s.latestOffset),
          offsetsBehind(s), (sourceWatermarks && sourceWatermarks[i]) || "-"];
      })));
  }

  function verboseDuration(ms) {
    if (ms < 1000) return Math.max(0, Math.round(ms)) + " ms";
    var units = [[86400000, "day"], [3600000, "hour"], [60000, "minute"], [1000, "second"]], parts = [], rest = ms;
    for (var i = 0; i < units.length && parts.length < 2; i++) {
      var n = Math.floor(rest / units[i][0]);
      rest -= n * units[i][0];
      if (n > 0 || parts.length) parts.push(n + " " + units[i][1] + (n === 1 ? "" : "s"));
    }
    return parts.join(" ");
  }

  function statistics(runId, startTimestamp) {
    var progress = [], seen = {}, pending = null, loaded = false, active = true, rendered = "", sourceWatermarks = [];
    var body = document.querySelector("#stat-table tbody");
    var plots = [];
    function add(p) {
      var key = p.batchId + "@" + p.timestamp;
      if (seen[key]) return;
      seen[key] = true;
      progress.push(p);
      if (progress.length > 100) progress.shift();
    }
    function render() {
      pending = null;
      if (!progress.length) return;
      document.getElementById("empty-streaming-query-message").hidden = true;
      document.getElementById("stat-table").hidden = false;
      var last = progress[progress.length - 1];
      document.getElementById("completed-batches").textContent = String(last.batchId + 1);
      var charts = CHARTS.filter(function (c) { return !c.when || c.when(progress); });
      var shape = charts.map(function (c) { return c.id; }).join() + "|" + operationKeys(progress).join();
      if (shape !== rendered) {
        plots.forEach(function (p) { p.plot.destroy(); });
        plots = [];
        body.replaceChildren();
        charts.forEach(function (c) {
          var label = el("td", { "class": "chart-title" }, [el("strong", {}, [c.title + " ",
            el("sup", {}, [el("span", { "class": "tip", "title": c.tip, "data-toggle": "tooltip" }, ["(?)"])])])]);
          if (c.stacked) {
            var area = el("div", { id: c.id + "-area-stack" });
            body.append(el("tr", { id: c.id }, [label, el("td", { "class": "duration-area-stack", colspan: "2" }, [area])]));
            plots.push({ chart: c, plot: stacked(area, progress) });
          } else {
            var t = el("div", { id: c.id + "-timeline" }), h = el("div", { id: c.id + "-histogram" });
            body.append(el("tr", { id: c.id }, [label, el("td", { "class": "timeline" }, [t]), el("td", { "class": "histogram" }, [h])]));
            plots.push({ chart: c, plot: timeline(t, c, progress) }, { chart: c, histogram: true, plot: histogram(h, c, progress) });
          }
        });
        rendered = shape;
      } else {
        plots.forEach(function (p) {
          if (p.chart.stacked) p.plot.setData(stackedData(progress, operationKeys(progress)));
          else if (p.histogram) p.plot.setData(histogramData(p.chart, progress));
          else {
            var xs = [], ys = [];
            progress.forEach(function (q) { var v = p.chart.value(q); if (v !== null && v !== undefined) { xs.push(time(q)); ys.push(finite(v)); } });
            p.plot.setData([xs, ys]);
          }
        });
      }
      document.body.setAttribute("data-batches", String(progress.length));
      details(last, sourceWatermarks);
    }
    function schedule() { if (loaded && !pending) pending = setTimeout(render, 200); }
    var events = new EventSource("/StreamingQuery/events?id=" + encodeURIComponent(runId));
    events.addEventListener("progress", function (e) { add(JSON.parse(e.data)); schedule(); });
    events.addEventListener("sourceWatermarks", function (e) { sourceWatermarks = JSON.parse(e.data); schedule(); });
    events.addEventListener("status", function (e) { active = JSON.parse(e.data).isActive; });
    fetch("/api/v1/streaming/queries/" + encodeURIComponent(runId))
      .then(function (r) { return r.json(); })
      .then(function (run) { if (!sourceWatermarks.length) sourceWatermarks = run.sourceWatermarks || []; schedule(); });
    fetch("/api/v1/streaming/queries/" + encodeURIComponent(runId) + "/progress")
      .then(function (r) { return r.json(); })
      .then(function (ps) { ps.forEach(add); progress.sort(function (a, b) { return Date.parse(a.timestamp) - Date.parse(b.timestamp); }); loaded = true; render(); });
    setInterval(function () {
      if (active) document.getElementById("duration").textContent = verboseDuration(Date.now() - startTimestamp);
    }, 1000);
  }

  function liveList() {
    var pending = null;
    var events = new EventSource("/StreamingQuery/events");
    function refresh() {
      pending = null;
      fetch("/StreamingQuery/?tables=1").then(function (r) { return r.text(); })
        .then(function (html) { document.getElementById("queries").innerHTML = html; });
    }
    function schedule() { if (!pending) pending = setTimeout(refresh, 1000); }
    events.addEventListener("progress", schedule);
    events.addEventListener("status", schedule);
  }

  return { statistics: statistics, liveList: liveList };
})();
`

export const UI_CSS = `body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; font-size: 14px; margin: 0; color: #222; }
nav { background: #f5f5f5; border-bottom: 1px solid #ddd; padding: 10px 16px; }
nav a { color: #333; text-decoration: none; margin-right: 16px; }
nav .brand { font-weight: bold; color: #2a6ebb; }
main { padding: 8px 16px; }
table { border-collapse: collapse; margin-bottom: 16px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: middle; }
th { background: #f0f0f0; }
table.queries tbody tr:nth-child(odd) { background: #fafafa; }
td.chart-title { width: 160px; }
.tip { cursor: help; color: #2a6ebb; }
table.details caption { text-align: left; font-weight: bold; padding: 4px 0; }
pre { white-space: pre-wrap; }
`
