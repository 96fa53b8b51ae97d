// Types of chart-layout.js for the unit tests (TypeScript does not read the browser's plain JS).
export function truncate(text: unknown, maxChars: number): string;
export interface BarRow {
  label: string;
  fullLabel: string;
  value: number;
  part: number | null;
  y: number;
  barWidth: number;
  partWidth: number;
}
export interface BarLayout {
  width: number;
  height: number;
  rowHeight: number;
  labelWidth: number;
  barX: number;
  rows: BarRow[];
}
export function barLayout(
  items: Array<{ label: string; value: number; part?: number | null }>,
  options?: { width?: number; rowHeight?: number; gap?: number; valueWidth?: number },
): BarLayout;
