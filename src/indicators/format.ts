// Vietnamese number formatting: decimal comma, dot thousands separator ("65,5 %", "1.234").

const INT = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

export function formatInt(n: number): string {
  return INT.format(Math.round(n));
}

/** 65.5 → "65,5 %"; one decimal, trailing ",0" kept off. */
export function formatPercent(value: number, digits = 1): string {
  const f = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return `${f.format(round(value, digits))} %`;
}

/** Points of the 766 index: "17,68". */
export function formatPoints(value: number): string {
  return new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(round(value, 2));
}

/** Difference in percentage points: "+3,2 điểm phần trăm", "−1,5 điểm phần trăm", "không đổi". */
export function formatPpChange(delta: number): string {
  const r = round(delta, 1);
  if (r === 0) return 'không đổi';
  const f = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
  return `${r > 0 ? 'tăng' : 'giảm'} ${f.format(Math.abs(r))} điểm phần trăm`;
}

export function round(value: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(value * k) / k;
}

/** "2025-10-01" → "01/10/2025". */
export function formatDay(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
