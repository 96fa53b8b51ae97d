// Types of console-preview-model.js for the unit tests (TypeScript does not read the browser's plain JS).
export interface PositionChange {
  kind: 'new' | 'up' | 'down' | 'same';
  text: string;
  label: string;
}
export function positionChange(hit: { change?: number | null; livePosition?: number | null }): PositionChange;
export interface BreakdownRow {
  label: string;
  value: string;
  parts?: Array<{ label: string; value: string }>;
}
export function scoreBreakdown(components: Record<string, unknown>, ruleNames?: Map<string, string>): BreakdownRow[];
