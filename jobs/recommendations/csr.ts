import type { Neighbors } from '../../ranking/cf/neighbors';

/**
 * Rows of integers packed in two typed arrays (compressed sparse rows): row
 * r is `values[offsets[r] .. offsets[r + 1])`. Training data and results
 * cross the process boundary in this form, two buffers instead of one
 * typed array per customer or order.
 */
export interface Csr {
  offsets: Int32Array;
  values: Int32Array;
}

/** (row, column) pairs appended while reading Postgres, in growable typed arrays. */
export class PairBuffer {
  #rows: Int32Array = new Int32Array(1024);
  #columns: Int32Array = new Int32Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(row: number, column: number): void {
    if (this.#length === this.#rows.length) {
      this.#rows = grow(this.#rows);
      this.#columns = grow(this.#columns);
    }
    this.#rows[this.#length] = row;
    this.#columns[this.#length++] = column;
  }

  /** Rows hold their sorted, distinct columns (only "did interact" counts); rows without pairs are empty. */
  toCsr(nRows: number): Csr {
    const offsets = new Int32Array(nRows + 1);
    for (let k = 0; k < this.#length; k++) offsets[this.#rows[k] + 1]++;
    for (let r = 0; r < nRows; r++) offsets[r + 1] += offsets[r];
    const fill = offsets.slice(0, nRows);
    const values = new Int32Array(this.#length);
    for (let k = 0; k < this.#length; k++) values[fill[this.#rows[k]]++] = this.#columns[k];
    return compactRows(offsets, values);
  }
}

/** The rows as views into the one buffer, the shape ranking/cf takes (no copy). */
export function csrRows(csr: Csr): Int32Array[] {
  const rows: Int32Array[] = [];
  for (let r = 0; r + 1 < csr.offsets.length; r++) rows.push(csr.values.subarray(csr.offsets[r], csr.offsets[r + 1]));
  return rows;
}

export function csrRow(csr: Csr, row: number): Int32Array {
  return csr.values.subarray(csr.offsets[row], csr.offsets[row + 1]);
}

export function csrRowWeights(csr: WeightedCsr, row: number): Float32Array {
  return csr.weights.subarray(csr.offsets[row], csr.offsets[row + 1]);
}

export function csrRowCount(csr: Csr): number {
  return csr.offsets.length - 1;
}

/** Each item's neighbour indices, best first (scores dropped: only the order is stored). */
export function csrFromNeighbors(lists: readonly Neighbors[]): Csr {
  const offsets = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (offsets[i + 1] = offsets[i] + list.indices.length));
  const values = new Int32Array(offsets[lists.length]);
  lists.forEach((list, i) => values.set(list.indices, offsets[i]));
  return { offsets, values };
}

/** Weighted lists: the neighbour indices as a Csr and their scores in the same positions. */
export interface WeightedCsr extends Csr {
  weights: Float32Array;
}

/** Each item's neighbours with their scores, best first. */
export function weightedCsrFromNeighbors(lists: readonly Neighbors[]): WeightedCsr {
  const csr = csrFromNeighbors(lists);
  const weights = new Float32Array(csr.values.length);
  lists.forEach((list, i) => weights.set(list.scores, csr.offsets[i]));
  return { ...csr, weights };
}

/**
 * Flips weighted lists "item → its indicators" into "indicator → the items
 * it speaks for", keeping each row's `maxPerRow` strongest (best first, ties
 * by index). What a shopper's history item reads at request time: its row
 * holds every product whose indicator list names it, with the strength.
 */
export function transposeWeightedCsr(csr: WeightedCsr, nRows: number, maxPerRow: number): WeightedCsr {
  const lists: Array<Array<{ item: number; weight: number }>> = Array.from({ length: nRows }, () => []);
  for (let item = 0; item < csrRowCount(csr); item++) {
    for (let k = csr.offsets[item]!; k < csr.offsets[item + 1]!; k++) lists[csr.values[k]!]!.push({ item, weight: csr.weights[k]! });
  }
  return weightedCsrFromNeighbors(
    lists.map((row) => {
      const kept = row.sort((a, b) => b.weight - a.weight || a.item - b.item).slice(0, maxPerRow);
      return { indices: Int32Array.from(kept, (e) => e.item), scores: Float64Array.from(kept, (e) => e.weight) };
    }),
  );
}

/** Sorts every row and drops repeats, shifting rows left in place. */
function compactRows(offsets: Int32Array, values: Int32Array): Csr {
  const out = new Int32Array(offsets.length);
  let write = 0;
  for (let r = 0; r + 1 < offsets.length; r++) {
    const row = values.subarray(offsets[r], offsets[r + 1]).sort();
    for (let k = 0; k < row.length; k++) {
      if (k === 0 || row[k] !== row[k - 1]) values[write++] = row[k];
    }
    out[r + 1] = write;
  }
  return { offsets: out, values: values.slice(0, write) };
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
