/**
 * The filters on a phone: a drawer over the results (not above them), opened
 * by the Filters button and closed by its × , Escape, or "Show N results".
 * While it is open the rest of the page is inert, so keyboard and screen
 * reader users stay in it; closing returns the focus to the Filters button.
 * From 800px the same element is the sidebar and none of this applies.
 */
const phone = window.matchMedia('(max-width: 799.98px)');

export function wireFiltersDrawer() {
  const el = (id) => document.getElementById(id);
  const toggle = el('filters-toggle');
  const drawer = el('filters-drawer');
  const behind = [
    document.querySelector('.site-header'),
    document.querySelector('.results'),
    document.querySelector('.site-footer'),
    toggle,
  ];

  function setOpen(open, { restoreFocus = true } = {}) {
    const wasOpen = drawer.classList.contains('open');
    toggle.setAttribute('aria-expanded', String(open));
    drawer.classList.toggle('open', open);
    document.body.classList.toggle('drawer-open', open);
    for (const part of behind) part?.toggleAttribute('inert', open);
    if (open) el('filters-close').focus();
    else if (wasOpen && restoreFocus) toggle.focus();
  }

  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  el('filters-close').addEventListener('click', () => setOpen(false));
  el('show-results').addEventListener('click', () => setOpen(false));
  drawer.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && drawer.classList.contains('open')) {
      event.preventDefault();
      setOpen(false);
    }
  });
  // Grown past phone width (or rotated): the sidebar shows itself, and nothing may stay inert.
  phone.addEventListener('change', () => {
    if (!phone.matches) setOpen(false, { restoreFocus: false });
  });
  return { close: () => setOpen(false, { restoreFocus: false }) };
}
