import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours of the dashboard's series (solid, so that a drawn bar or line has exactly this colour). */
export const COLORS = { requests: 'rgb(45, 91, 215)', errors: 'rgb(201, 48, 44)', p50: 'rgb(46, 139, 87)', p99: 'rgb(230, 145, 30)', share: 'rgb(123, 74, 196)' } as const;

/** One series of a chart. */
export interface Series {
  label: string;
  color: string;
  values: number[];
}

/**
 * A chart on the canvas with this id, redrawn in place by `show` (no animation: a refresh shows
 * the new figures at once). `kind` is a line over time or bars per category; `horizontal` lays
 * bars along the x axis (long labels such as document keys stay readable).
 */
export function liveChart(canvasId: string, kind: 'line' | 'bar', horizontal = false): (labels: string[], series: Series[]) => void {
  const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
  const config: ChartConfiguration<'line' | 'bar'> = {
    type: kind,
    data: { labels: [], datasets: [] },
    options: { animation: false, responsive: true, maintainAspectRatio: false, indexAxis: horizontal ? 'y' : 'x', scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true } } },
  };
  const chart = new Chart(canvas, config);
  return (labels, series) => {
    chart.data.labels = labels;
    chart.data.datasets = series.map((s) => ({ label: s.label, data: s.values, borderColor: s.color, backgroundColor: s.color, pointRadius: 0, borderWidth: 2 }));
    chart.update();
  };
}
