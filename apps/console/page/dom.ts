/** A cell or child: text is always set as text, never parsed as HTML. */
export type Content = Node | string | number | null;

/** The element with this id (the page's HTML defines them all). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** A new element with attributes and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Content[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children.map((child) => (child instanceof Node ? child : document.createTextNode(child === null ? '—' : String(child)))));
  return element;
}

/** A table of rows (scrolling sideways inside its box on narrow screens), or a "none" line when there are no rows. */
export function table(headers: string[], rows: Content[][]): HTMLElement {
  if (rows.length === 0) return el('p', { class: 'none' }, 'none');
  const grid = el(
    'table',
    {},
    el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', {}, header)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))))),
  );
  return el('div', { class: 'table-scroll' }, grid);
}

/** A small button that runs `onClick`. */
export function button(label: string, onClick: () => void): HTMLButtonElement {
  const element = el('button', { type: 'button', class: 'secondary' }, label);
  element.addEventListener('click', onClick);
  return element;
}

/** Replaces the contents of the element with this id. */
export function fill(id: string, ...children: Content[]): void {
  byId(id).replaceChildren(...children.map((child) => (child instanceof Node ? child : String(child ?? ''))));
}

/** A form's fields as trimmed strings. */
export function fields(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries([...new FormData(form)].map(([name, value]) => [name, String(value).trim()]));
}

/** Sets a form field's value. */
export function setField(form: HTMLFormElement, name: string, value: string): void {
  (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement).value = value;
}

/** An integer typed in a number field (empty: 0). */
export function integer(value: string | undefined): number {
  return value ? Number.parseInt(value, 10) : 0;
}

/** A timestamp (ms) as `YYYY-MM-DD hh:mm:ss` UTC. */
export function when(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A value as indented JSON, in a <pre>. */
export function json(value: unknown): HTMLElement {
  return el('pre', {}, JSON.stringify(value, null, 2));
}
