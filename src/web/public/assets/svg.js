/**
 * An SVG element built through DOM calls: how the console's charts draw (no
 * markup strings, no library, nothing from another host, so the strict CSP
 * holds).
 */
const svgNs = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  el.append(...children);
  return el;
}
