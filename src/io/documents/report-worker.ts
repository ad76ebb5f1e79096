/**
 * The HTML report drawn in a worker thread (bundled as dist/report-worker.mjs): the command
 * starts it with the report's data before it writes the workbooks, so ECharts loads and
 * draws on another core while the roster and the notice are written, and collects the page.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportData } from '../../decide/report-data.js';
import { renderReportHtml } from './report-html.js';

parentPort?.postMessage(renderReportHtml(workerData as ReportData));
