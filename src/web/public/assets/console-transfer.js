import { h, clear, byId } from './dom.js';
import { consoleKeys } from './console-key.js';

/**
 * Import and export of rules, synonyms and ranking weights. Export downloads
 * the API's JSON or CSV as a file; import reads a file, asks the API for a
 * dry run first and lists what each item would do (create, update,
 * unchanged, or a conflict with why; for weights, each weight before and
 * after), and imports only when nothing conflicts.
 */

const actionWords = { create: 'Create', update: 'Update', unchanged: 'Unchanged', conflict: 'Conflict' };
const kindWords = { rules: 'rules', synonyms: 'synonyms', weights: 'ranking weights' };

/** A weight's change in words: `popularity 2 → 4`, `rating 0.5 → inherited`. */
export function describeWeightChanges(changes) {
  const value = (v) => (v === null ? 'inherited' : String(v));
  return changes.map((c) => `${c.weight} ${value(c.before)} → ${value(c.after)}`).join('; ');
}

export function createTransferView(ctx) {
  const exportForm = byId('export-form');
  const importForm = byId('import-form');
  const fileInput = byId('import-file');
  const resultBox = byId('import-result');
  const applyButton = byId('import-apply');
  /** The file and kind the last dry run checked: what "Import" sends. */
  let checked = null;

  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = h('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  exportForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const kind = byId('export-kind').value;
    const format = byId('export-format').value;
    try {
      // CSV is not JSON, so this one call is made here rather than through api.js.
      const response = await fetch(`/v1/merchandising/export?kind=${kind}&format=${format}`, {
        headers: { authorization: `Bearer ${consoleKeys.current()?.key ?? ''}` },
      });
      if (!response.ok) {
        const error = Object.assign(new Error(`The API answered ${response.status}.`), { status: response.status });
        if (!ctx.failed(error)) ctx.announce(`Not exported: ${error.message}`);
        return;
      }
      const text = await response.text();
      const name = `agora-${kind}-${new Date().toISOString().slice(0, 10)}.${format}`;
      download(
        name,
        format === 'json' ? `${JSON.stringify(JSON.parse(text), null, 2)}\n` : text,
        format === 'json' ? 'application/json' : 'text/csv',
      );
      ctx.announce(`Exported the ${kindWords[kind] ?? kind} as ${name}.`);
    } catch (error) {
      ctx.announce(`Not exported: ${error.message}`);
    }
  });

  function render(plan, { applied }) {
    const { summary } = plan;
    const headline = applied
      ? `Imported: ${summary.create} created, ${summary.update} updated, ${summary.unchanged} unchanged.`
      : summary.conflict > 0
        ? `Nothing can be imported yet: ${summary.conflict} ${summary.conflict === 1 ? 'item conflicts' : 'items conflict'}. Fix the file and check it again.`
        : summary.create + summary.update === 0
          ? 'Nothing would change: every item is already as the file says.'
          : `The import would create ${summary.create} and update ${summary.update} (${summary.unchanged} unchanged). Nothing is written until you import.`;
    const rows = plan.items.map((item) =>
      h(
        'tr',
        { class: `import-${item.action}`, dataset: { action: item.action } },
        h('td', { class: 'number', dataset: { label: 'Row' }, text: item.row }),
        h('th', { scope: 'row', dataset: { label: 'Item' } }, h('span', { class: 'query-text', text: item.label })),
        h(
          'td',
          { dataset: { label: 'What happens' } },
          h('span', { class: `badge import-${item.action}`, text: actionWords[item.action] }),
          item.message ? h('span', { class: 'import-message', text: ` ${item.message}${item.field ? ` (${item.field})` : ''}` }) : null,
          item.changes?.length && item.action !== 'conflict'
            ? h('span', { class: 'import-message weight-changes', text: ` ${describeWeightChanges(item.changes)}` })
            : null,
        ),
      ),
    );
    clear(resultBox).append(
      h('p', { class: summary.conflict > 0 && !applied ? 'notice warn' : 'notice', text: headline }),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data-table cards import-table' },
          h('caption', { class: 'visually-hidden', text: applied ? 'What the import did' : 'What the import would do' }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col', class: 'number', text: 'Row' }),
              h('th', { scope: 'col', text: 'Item' }),
              h('th', { scope: 'col', text: 'What happens' }),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
    );
    applyButton.hidden = applied || summary.conflict > 0 || summary.create + summary.update === 0;
    applyButton.textContent = `Import ${summary.create + summary.update} ${summary.create + summary.update === 1 ? 'change' : 'changes'}`;
  }

  async function send(dryRun) {
    const body = { ...checked, dryRun };
    resultBox.setAttribute('aria-busy', 'true');
    try {
      const plan = await ctx.api.post('/v1/merchandising/import', body);
      render(plan, { applied: !dryRun });
      ctx.announce(resultBox.querySelector('.notice')?.textContent ?? '');
      if (!dryRun) checked = null;
    } catch (error) {
      if (ctx.failed(error)) return;
      applyButton.hidden = true;
      clear(resultBox).append(
        h('p', {
          class: 'error',
          role: 'alert',
          text: error.status === 409 ? `Not imported: ${error.message}` : `The file cannot be imported: ${error.message}`,
        }),
      );
    } finally {
      resultBox.setAttribute('aria-busy', 'false');
    }
  }

  importForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) {
      clear(resultBox).append(h('p', { class: 'error', role: 'alert', text: 'Choose a .json or .csv file first.' }));
      fileInput.focus();
      return;
    }
    const format = /\.csv$/i.test(file.name) ? 'csv' : 'json';
    checked = { kind: byId('import-kind').value, format, content: await file.text() };
    await send(true);
  });
  applyButton.addEventListener('click', () => {
    if (checked) void send(false);
  });
  fileInput.addEventListener('change', () => {
    applyButton.hidden = true;
    clear(resultBox);
  });

  return { heading: () => byId('transfer-heading'), show: () => undefined };
}
