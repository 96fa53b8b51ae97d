/**
 * Dense integer indices for string ids (customers, products), so the
 * algorithms run on typed arrays. Indices follow first sight; two matrices
 * built on the same IdIndex share their column (or row) space, which is what
 * cross-occurrence needs.
 */
export class IdIndex {
  readonly #ids: string[] = [];
  readonly #positions = new Map<string, number>();

  constructor(ids: Iterable<string> = []) {
    for (const id of ids) this.intern(id);
  }

  get size(): number {
    return this.#ids.length;
  }

  /** The index of `id`, adding it when new. */
  intern(id: string): number {
    const known = this.#positions.get(id);
    if (known !== undefined) return known;
    this.#positions.set(id, this.#ids.length);
    this.#ids.push(id);
    return this.#ids.length - 1;
  }

  /** The index of `id`, or undefined when it was never interned. */
  get(id: string): number | undefined {
    return this.#positions.get(id);
  }

  idAt(index: number): string {
    const id = this.#ids[index];
    if (id === undefined) throw new RangeError(`no id at index ${index} (size ${this.#ids.length})`);
    return id;
  }

  /** A copy of the ids in index order: the plain form to send to a worker or store. */
  toArray(): string[] {
    return this.#ids.slice();
  }
}
