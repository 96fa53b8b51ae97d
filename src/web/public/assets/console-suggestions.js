import { h, clear, byId } from './dom.js';
import { clearErrors, showFieldError, showFormAlert } from './form-errors.js';

/**
 * As-you-type suggestions a merchandiser controls: bans (one suggestion, or
 * every one containing some words) and additions (a query offered even
 * before shoppers search it). Marketplace-wide, applied at once.
 */
export function createSuggestionsView(ctx) {
  const listBox = byId('suggestions-list');
  const form = byId('suggestion-form');
  const action = () => (byId('suggestion-ban').checked ? 'ban' : 'add');
  const showAction = () => {
    byId('suggestion-ban-fields').hidden = action() !== 'ban';
    byId('suggestion-add-fields').hidden = action() !== 'add';
  };
  byId('suggestion-ban').addEventListener('change', showAction);
  byId('suggestion-add').addEventListener('change', showAction);

  function list(title, items, describe) {
    return h(
      'section',
      { class: 'override-group', 'aria-label': title },
      h('h2', { text: `${title} (${items.length})` }),
      items.length === 0
        ? h('p', { class: 'muted', text: 'None.' })
        : h(
            'ul',
            { class: 'override-items' },
            items.map((item) =>
              h(
                'li',
                { dataset: { id: item.id, text: item.text } },
                h('span', { class: 'override-text', text: describe(item) }),
                h('button', {
                  type: 'button',
                  class: 'button small',
                  dataset: { act: 'history' },
                  'aria-label': `History of “${item.text}”`,
                  text: 'History',
                  on: { click: () => ctx.openHistory({ entity: 'suggestion', id: item.id, label: `suggestion “${item.text}”` }) },
                }),
                h('button', {
                  type: 'button',
                  class: 'button small danger',
                  dataset: { act: 'remove' },
                  'aria-label': `Remove “${item.text}”`,
                  text: 'Remove',
                  on: { click: () => remove(item) },
                }),
              ),
            ),
          ),
    );
  }

  async function load() {
    listBox.setAttribute('aria-busy', 'true');
    try {
      const { bans, additions } = await ctx.api.get('/v1/merchandising/suggestions');
      clear(listBox).append(
        list('Never suggested', bans, (b) => (b.match === 'contains' ? `anything containing “${b.text}”` : `“${b.text}”`)),
        list('Always suggested', additions, (a) =>
          a.weight === null ? `“${a.text}”, above every popular query` : `“${a.text}”, ranked as if ${a.weight} shoppers searched it`,
        ),
      );
    } catch (error) {
      if (!ctx.failed(error))
        clear(listBox).append(h('p', { class: 'error', text: `The suggestions could not be loaded: ${error.message}` }));
    } finally {
      listBox.setAttribute('aria-busy', 'false');
    }
  }

  async function remove(item) {
    try {
      await ctx.api.delete(`/v1/merchandising/suggestions/${item.id}`);
      ctx.announce(`“${item.text}” removed: suggestions are back to what shoppers search. The History tab can restore it.`);
    } catch (error) {
      if (!ctx.failed(error)) ctx.announce(`Not removed: ${error.message}`);
    }
    await load();
    byId('suggestion-text').focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const text = byId('suggestion-text').value.trim();
    const body =
      action() === 'ban'
        ? { action: 'ban', text, match: byId('suggestion-match').value }
        : { action: 'add', text, ...(byId('suggestion-weight').value === '' ? {} : { weight: Number(byId('suggestion-weight').value) }) };
    try {
      await ctx.api.post('/v1/merchandising/suggestions', body);
      ctx.announce(body.action === 'ban' ? `“${text}” will not be suggested.` : `“${text}” is now suggested.`);
      byId('suggestion-text').value = '';
      await load();
    } catch (error) {
      if (ctx.failed(error)) return;
      if (error.status === 400 || error.status === 409) showFieldError(form, error.field ?? 'text', error.message);
      else showFormAlert(form, `Not saved: ${error.message}`);
    }
  });

  return { load };
}
