import { h, byId } from './dom.js';

/**
 * Draft/Live as a pair of tabs (on a phone the two sides take turns): the
 * arrow keys switch between them, as a tablist's keyboard pattern asks.
 * `prefix` names the tabs (`<prefix>-draft-tab`) and the panels they
 * control (`<prefix>-draft`); `show(side)` re-renders with that side shown.
 */
export function draftLiveTabs({ prefix, shown, show }) {
  const tab = (name, label) =>
    h('button', {
      type: 'button',
      role: 'tab',
      id: `${prefix}-${name}-tab`,
      'aria-controls': `${prefix}-${name}`,
      'aria-selected': String(shown === name),
      tabindex: shown === name ? '0' : '-1',
      text: label,
      on: {
        click: () => {
          show(name);
          byId(`${prefix}-${name}-tab`).focus();
        },
        keydown: (event) => {
          if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
          const other = shown === 'draft' ? 'live' : 'draft';
          show(other);
          byId(`${prefix}-${other}-tab`).focus();
        },
      },
    });
  return h('div', { class: 'visual-tabs', role: 'tablist', 'aria-label': 'Draft or live' }, tab('draft', 'Draft'), tab('live', 'Live'));
}

/** The preview's warnings about pins (out of stock, hidden, filtered out, closed merchant); null when there are none. */
export function pinWarnings(warnings) {
  if (!warnings?.length) return null;
  return h(
    'div',
    { class: 'warnings', role: 'note', 'aria-label': 'Warnings' },
    h('h2', { text: 'Check these pins' }),
    h(
      'ul',
      {},
      warnings.map((w) => h('li', { dataset: { kind: w.kind, id: w.productId }, text: w.message })),
    ),
  );
}
