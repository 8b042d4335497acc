import type { BenchReport } from './report';

/** The HTML report (charts come next). */
export function htmlReport(report: BenchReport): string {
  return `<!doctype html><pre>${JSON.stringify(report)}</pre>`;
}
