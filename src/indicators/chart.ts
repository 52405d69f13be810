// PNG charts rendered in-process: chart.js on @napi-rs/canvas, with a bundled Vietnamese font
// (system fonts may be missing on a fresh server).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, type Plugin, registerables } from 'chart.js';

Chart.register(...registerables);

const FAMILY = 'Be Vietnam Pro';
const FALLBACK = 'DejaVu Sans';
let fontsReady = false;

function registerFonts(): void {
  if (fontsReady) return;
  const require = createRequire(import.meta.url);
  const be = join(dirname(require.resolve('@fontsource/be-vietnam-pro/package.json')), 'files');
  // Latin and Vietnamese subsets under one family: glyphs are looked up across both files.
  for (const weight of ['400', '700']) {
    for (const subset of ['latin', 'vietnamese']) {
      GlobalFonts.registerFromPath(join(be, `be-vietnam-pro-${subset}-${weight}-normal.woff2`), FAMILY);
    }
  }
  const dejavu = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  GlobalFonts.registerFromPath(join(dejavu, 'DejaVuSans.ttf'), FALLBACK);
  GlobalFonts.registerFromPath(join(dejavu, 'DejaVuSans-Bold.ttf'), FALLBACK);
  fontsReady = true;
}

// Chat apps show a transparent PNG on black in dark mode.
const whiteBackground: Plugin = {
  id: 'whiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export interface ChartSeries {
  title: string;
  /** X labels, e.g. "T6/2025". */
  labels: string[];
  /** One value per label; null draws a gap (no dossiers that month). */
  values: (number | null)[];
  seriesLabel: string;
  /** Y axis in percent (0–100) or plain counts. */
  percent: boolean;
  target?: { value: number; label: string };
}

const pct = (v: number) => `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(v)} %`;

/** Title, legend and the y axis (percent 0–100 or counts): the same on every chart the bot draws. */
function commonOptions(series: Pick<ChartSeries, 'title' | 'percent'>) {
  return {
    animation: false as const,
    responsive: false,
    devicePixelRatio: 1,
    plugins: {
      title: { display: true, text: series.title, font: { size: 18, weight: 'bold' as const } },
      legend: { position: 'bottom' as const },
    },
    scales: {
      y: series.percent
        ? { min: 0, max: 100, ticks: { callback: (v: string | number) => pct(Number(v)) } }
        : { beginAtZero: true, ticks: { callback: (v: string | number) => new Intl.NumberFormat('vi-VN').format(Number(v)) } },
    },
  };
}

/** Draws one chart on a white canvas of the given size; returns PNG bytes. */
function draw<T extends 'line' | 'bar'>(config: ChartConfiguration<T>, width: number, height: number): Uint8Array {
  registerFonts();
  const canvas = createCanvas(width, height);
  Chart.defaults.font.family = `"${FAMILY}", "${FALLBACK}"`;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = '#222222';
  // chart.js accepts a 2D context; @napi-rs/canvas implements the one it needs.
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, {
    ...config,
    plugins: [whiteBackground],
  } as ChartConfiguration<T>);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

/** Renders a line chart with an optional dashed target line; returns PNG bytes. */
export function renderLineChart(series: ChartSeries, width = 800, height = 450): Uint8Array {
  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [
    {
      label: series.seriesLabel,
      data: series.values,
      borderColor: '#1565c0',
      backgroundColor: '#1565c0',
      borderWidth: 3,
      pointRadius: 4,
      spanGaps: false,
    },
  ];
  if (series.target) {
    datasets.push({
      label: series.target.label,
      data: series.labels.map(() => series.target!.value),
      borderColor: '#c62828',
      backgroundColor: '#c62828',
      borderDash: [8, 6],
      borderWidth: 2,
      pointRadius: 0,
    });
  }
  return draw<'line'>({ type: 'line', data: { labels: series.labels, datasets }, options: commonOptions(series) }, width, height);
}

/** One bar per unit (a "theo phòng" / "theo xã" chart); null values are left empty. Returns PNG bytes. */
export function renderBarChart(series: Omit<ChartSeries, 'target'>, width = 800, height = 450): Uint8Array {
  return draw<'bar'>(
    {
      type: 'bar',
      data: { labels: series.labels, datasets: [{ label: series.seriesLabel, data: series.values, backgroundColor: '#1565c0' }] },
      options: commonOptions(series),
    },
    width,
    height,
  );
}
