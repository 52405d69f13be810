import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { shortSource } from '../src/indicators/chart-answer.ts';
import { renderLineChart } from '../src/indicators/chart.ts';

async function pixels(png: Uint8Array) {
  const img = await loadImage(Buffer.from(png));
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, at: (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data) };
}

describe('line chart', () => {
  const series = {
    title: 'Tỷ lệ hồ sơ trực tuyến — Sở Y tế, 6 tháng gần nhất',
    labels: ['T6/2025', 'T7/2025', 'T8/2025', 'T9/2025', 'T10/2025', 'T11/2025'],
    values: [40.5, 45, null, 52.3, 61, 65.5],
    seriesLabel: 'Tỷ lệ trực tuyến (%)',
    percent: true,
    target: { value: 50, label: 'Chỉ tiêu ≥ 50 % (QĐ 1402/QĐ-UBND)' },
  };

  it('renders an opaque white PNG of the asked size', async () => {
    const png = renderLineChart(series, 800, 450);
    const p = await pixels(png);
    expect([p.width, p.height]).toEqual([800, 450]);
    // Corners are painted white, not transparent (dark-mode chat apps).
    expect(p.at(2, 2)).toEqual([255, 255, 255, 255]);
    expect(p.at(797, 447)).toEqual([255, 255, 255, 255]);
  });

  it('draws the target line in red at its value', async () => {
    const png = renderLineChart({ ...series, values: [10, 10, 10, 10, 10, 10] }, 800, 450);
    const p = await pixels(png);
    // Scan a column in the middle of the plot for the dashed red target line.
    let red = 0;
    for (let x = 300; x < 500; x++) {
      for (let y = 40; y < 400; y++) {
        const [r, g, b] = p.at(x, y) as [number, number, number];
        if (r > 180 && g < 90 && b < 90) red++;
      }
    }
    expect(red).toBeGreaterThan(50);
    const without = await pixels(renderLineChart({ ...series, target: undefined } as never, 800, 450));
    let none = 0;
    for (let x = 300; x < 500; x += 2) for (let y = 40; y < 400; y += 2) {
      const [r, g, b] = without.at(x, y) as [number, number, number];
      if (r > 180 && g < 90 && b < 90) none++;
    }
    expect(none).toBe(0);
  });

  it('shortens target sources for the legend', () => {
    expect(shortSource('Quyết định 1402/QĐ-UBND ngày 14/6/2023 của UBND tỉnh Bà Rịa – Vũng Tàu')).toBe('QĐ 1402/QĐ-UBND');
    expect(shortSource('Kế hoạch 311/KH-SYT ngày 19/01/2023 của Sở Y tế Đồng Nai')).toBe('KH 311/KH-SYT');
  });
});
