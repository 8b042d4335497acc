import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { COST_PARTS } from './pricing';
import type { BenchReport } from './report';

const require = createRequire(import.meta.url);

/** Chart.js's browser bundle (next to its main file; the package does not export it), read once, to inline into each report (so it opens offline). */
let chartJs: string | undefined;
function chartLibrary(): string {
  return (chartJs ??= readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8'));
}

/** Text safe inside a `<script>` element. */
const scriptSafe = (text: string) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A self-contained HTML page of the report: summary and per-action tables, and charts (latency by
 * percentile, throughput over time, p99 per action, cost per million actions by part) drawn with
 * Chart.js inlined in the page. Every dataset names where it was measured.
 */
export function htmlReport(report: BenchReport): string {
  const rows = report.runs
    .map(
      (run) =>
        `<tr><td>${escapeHtml(run.backend)}</td><td>${escapeHtml(run.measuredOn)}</td><td>${escapeHtml(run.queueOn)}</td><td>${run.ops}</td><td>${run.opsPerSecond.toFixed(1)}</td><td>${run.latency.p50}</td><td>${run.latency.p95}</td><td>${run.latency.p99}</td>` +
        `<td>${run.conflicts}</td><td>${run.throttles}</td><td>${run.errors}</td>${[...COST_PARTS, 'total' as const].map((part) => `<td>${run.cost.perMillionActions[part].toFixed(4)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const sources = [...new Map(report.runs.flatMap((run) => run.cost.lines.map((line) => [`${run.pricedAs} ${line.part}.${line.unit}`, line] as const))).entries()]
    .map(([name, line]) => `<li>${escapeHtml(name)}: $${line.perMillion} per million — <a href="${escapeHtml(line.source)}">${escapeHtml(line.source)}</a> (read ${escapeHtml(line.read)})</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kumo bench — ${escapeHtml(report.workload.name)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,td:nth-child(2){text-align:left}.charts{display:grid;grid-template-columns:1fr 1fr;gap:2em}.note{color:#a40}</style>
</head><body>
<h1>kumo bench: ${escapeHtml(report.workload.name)}</h1>
<p>${escapeHtml(report.workload.description)}. ${report.workload.players} players, zipf ${report.workload.zipf}. Run ${escapeHtml(report.createdAt)}.</p>
<p class="note">Each figure names where it was measured. Latency and throughput on an emulator or in-process are this machine's, not the cloud's; consumption counts (capacity units, RU, entity operations, requests) are the backend's own answer or the port's count, and cost = units × prices of table ${escapeHtml(report.prices.version)} (read ${escapeHtml(report.prices.read.join(', ') || '—')}), no free tier.</p>
<table><thead><tr><th>backend</th><th>measured on</th><th>queue (push: in-process)</th><th>ops</th><th>ops/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>conflicts</th><th>throttles</th><th>errors</th><th>store $/M</th><th>queue $/M</th><th>push $/M</th><th>compute $/M</th><th>total $/M</th></tr></thead>
<tbody>${rows}</tbody></table>
<div class="charts">
<figure><canvas id="latency"></canvas></figure>
<figure><canvas id="throughput"></canvas></figure>
<figure><canvas id="actions"></canvas></figure>
<figure><canvas id="cost"></canvas></figure>
</div>
${report.runs.filter((run) => run.caveat).map((run) => `<p class="note">${escapeHtml(run.backend)}: ${escapeHtml(run.caveat!)}</p>`).join('\n')}
<h2>Prices used</h2><ul>${sources || '<li>none: no backend here is priced per use</li>'}</ul>
<script>${scriptSafe(chartLibrary())}</script>
<script type="application/json" id="report">${scriptSafe(JSON.stringify(report))}</script>
<script>${scriptSafe(DRAW)}</script>
</body></html>
`;
}

/** The page's drawing code (plain browser JavaScript). */
const DRAW = `
const report = JSON.parse(document.getElementById('report').textContent);
const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
// Charts name a backend by its kind (the table above gives the whole address) and where it was measured.
const label = (run) => run.backend.replace(/[:?].*$/, '') + ' (' + run.measuredOn + ')';
const common = (title) => ({ animation: false, responsive: true, plugins: { title: { display: true, text: title } } });
new Chart(document.getElementById('latency'), {
  type: 'line',
  data: { labels: report.runs[0].latency.percentiles.map(([p]) => 'p' + p), datasets: report.runs.map((run, i) => ({ label: label(run), data: run.latency.percentiles.map(([, ms]) => ms), borderColor: palette[i % 6] })) },
  options: { ...common('Latency by percentile, ms (all actions)'), scales: { y: { type: 'logarithmic' } } },
});
const seconds = Math.max(...report.runs.map((run) => run.timeline.length));
new Chart(document.getElementById('throughput'), {
  type: 'line',
  data: { labels: Array.from({ length: seconds }, (_, s) => s + 1), datasets: report.runs.map((run, i) => ({ label: label(run), data: run.timeline, borderColor: palette[i % 6] })) },
  options: { ...common('Throughput over time, actions per second'), scales: { x: { title: { display: true, text: 'second of the run' } } } },
});
const actions = [...new Set(report.runs.flatMap((run) => run.actions.map((action) => action.name)))];
new Chart(document.getElementById('actions'), {
  type: 'bar',
  data: { labels: actions, datasets: report.runs.map((run, i) => ({ label: label(run), data: actions.map((name) => run.actions.find((action) => action.name === name)?.latency.p99 ?? null), backgroundColor: palette[i % 6] })) },
  options: { ...common('p99 latency per action, ms') },
});
const parts = ['store', 'queue', 'push', 'compute'];
new Chart(document.getElementById('cost'), {
  type: 'bar',
  data: { labels: report.runs.map(label), datasets: parts.map((part, i) => ({ label: part, data: report.runs.map((run) => run.cost.perMillionActions[part]), backgroundColor: palette[i] })) },
  options: { ...common('$ per million player actions, by part (priced ' + report.prices.version + ')'), scales: { x: { stacked: true }, y: { stacked: true } } },
});
document.body.dataset.rendered = 'true';
`;
