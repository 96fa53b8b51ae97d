import { h, uniqueId } from './dom.js';
import { locateField } from './field-paths.js';
import { plainMessage } from './console-messages.js';

/**
 * Shows the API's 400 messages where they belong: beside the input whose
 * `data-path` is the field the API names (or the nearest one enclosing it),
 * marked invalid, described by the message and focused, so keyboard and
 * screen reader users land on it. Anything the form does not show goes to
 * the form's own alert.
 */

export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    restoreDescription(el);
  }
  for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  const alert = form.querySelector('.form-error');
  if (alert) {
    alert.hidden = true;
    alert.replaceChildren();
  }
}

function restoreDescription(el) {
  if (el.dataset.describedby === undefined) return;
  if (el.dataset.describedby === '') el.removeAttribute('aria-describedby');
  else el.setAttribute('aria-describedby', el.dataset.describedby);
  delete el.dataset.describedby;
}

function describeBy(el, id) {
  const own = el.getAttribute('aria-describedby') ?? '';
  el.dataset.describedby = own;
  el.setAttribute('aria-describedby', `${id} ${own}`.trim());
}

/** The form's alert (`.form-error`, role=alert): problems not about one field, and explanations such as a version conflict. */
export function showFormAlert(form, ...content) {
  const alert = form.querySelector('.form-error');
  alert.replaceChildren(...content);
  alert.hidden = false;
  alert.focus();
  return alert;
}

const capitalized = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** Shows `message` about the API field `path`; returns the control it focused, or null when it went to the form's alert. */
export function showFieldError(form, path, apiMessage) {
  const message = plainMessage(apiMessage);
  const byPath = new Map([...form.querySelectorAll('[data-path]')].map((el) => [el.dataset.path, el]));
  const spot = locateField(path, (p) => byPath.has(p));
  if (!spot) {
    showFormAlert(form, path && path !== 'body' ? `${path}: ${message}` : message);
    return null;
  }
  const target = byPath.get(spot.path);
  const error = h('p', {
    class: 'field-error',
    id: uniqueId('field-error'),
    text: spot.detail ? `${capitalized(spot.detail)}: ${message}` : message,
  });
  if (target.matches('fieldset, .pins')) {
    // A group (a whole action, its filter, its pins): say it at the top and go to its first control.
    target.classList.add('invalid');
    const legend = target.querySelector(':scope > legend');
    if (legend) legend.after(error);
    else target.prepend(error);
    const control = target.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      describeBy(control, error.id);
      control.focus();
    }
    return control;
  }
  (target.closest('.field, td') ?? target.parentElement).append(error);
  target.setAttribute('aria-invalid', 'true');
  describeBy(target, error.id);
  target.focus();
  return target;
}
