import { formatNumber } from './form-values.js';

/**
 * What the preview shows about each hit, from the preview API's answer:
 * how far it moved between live and draft, and its score taken apart.
 */

/**
 * A draft hit's move: `change` is places gained (positive: up), null when
 * the hit is new on this page. `text` is what the eye scans, `label` what a
 * screen reader says.
 */
export function positionChange(hit) {
  if (hit.change === null || hit.change === undefined) return { kind: 'new', text: 'New', label: 'new on this page' };
  if (hit.change > 0)
    return {
      kind: 'up',
      text: `▲ ${hit.change}`,
      label: `up ${hit.change} ${hit.change === 1 ? 'place' : 'places'} from ${hit.livePosition}`,
    };
  if (hit.change < 0)
    return {
      kind: 'down',
      text: `▼ ${-hit.change}`,
      label: `down ${-hit.change} ${hit.change === -1 ? 'place' : 'places'} from ${hit.livePosition}`,
    };
  return { kind: 'same', text: '=', label: 'same place' };
}

const signalLabels = {
  base: 'base',
  popularity: 'popularity',
  recency: 'recency',
  rating: 'rating',
  stock: 'in stock',
  merchantRating: 'merchant rating',
  productType: 'product type',
};

/**
 * score = text relevance × text weight × (1 + Σ signals) × Π rule factors,
 * as rows to show in a table. `ruleNames` maps rule ids to names.
 */
export function scoreBreakdown(components, ruleNames = new Map()) {
  const signals = Object.entries(components.signals ?? {})
    .filter(([name, value]) => name !== 'base' && value !== 0)
    .map(([name, value]) => ({ label: signalLabels[name] ?? name, value: `+${formatNumber(value)}` }));
  const rules = (components.rules ?? []).map((r) => ({
    label: ruleNames.get(r.ruleId) ?? `rule ${r.ruleId}`,
    value: `×${formatNumber(r.factor)}`,
  }));
  return [
    { label: 'Text relevance', value: formatNumber(components.text) },
    { label: '× text weight', value: formatNumber(components.textWeight) },
    { label: '× signals (1 + …)', value: formatNumber(components.signalFactor), parts: signals },
    { label: '× rules', value: formatNumber(components.ruleFactor), parts: rules },
    { label: '= score', value: formatNumber(components.score) },
  ];
}
