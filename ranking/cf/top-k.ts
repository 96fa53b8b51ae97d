/**
 * The k best (index, score) pairs of a stream, kept in a min-heap of
 * parallel typed arrays: O(n log k) and no object per candidate, which
 * matters when an item is compared with every other item. Ties prefer the
 * lower index so results do not depend on the order candidates arrive in.
 */
export class TopK {
  readonly #indices: Int32Array;
  readonly #scores: Float64Array;
  #size = 0;

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
    this.#indices = new Int32Array(k);
    this.#scores = new Float64Array(k);
  }

  get size(): number {
    return this.#size;
  }

  push(index: number, score: number): void {
    if (this.k === 0 || Number.isNaN(score)) return;
    if (this.#size < this.k) {
      this.#indices[this.#size] = index;
      this.#scores[this.#size] = score;
      this.#siftUp(this.#size++);
    } else if (worse(this.#scores[0], this.#indices[0], score, index)) {
      this.#indices[0] = index;
      this.#scores[0] = score;
      this.#siftDown(0);
    }
  }

  /** Best first. Leaves the heap empty. */
  drain(): { indices: Int32Array; scores: Float64Array } {
    const n = this.#size;
    const indices = new Int32Array(n);
    const scores = new Float64Array(n);
    for (let out = n - 1; out >= 0; out--) {
      indices[out] = this.#indices[0];
      scores[out] = this.#scores[0];
      this.#size--;
      if (this.#size > 0) {
        this.#indices[0] = this.#indices[this.#size];
        this.#scores[0] = this.#scores[this.#size];
        this.#siftDown(0);
      }
    }
    return { indices, scores };
  }

  #siftUp(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!worse(this.#scores[at], this.#indices[at], this.#scores[parent], this.#indices[parent])) return;
      this.#swap(at, parent);
      at = parent;
    }
  }

  #siftDown(at: number): void {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < this.#size && worse(this.#scores[left], this.#indices[left], this.#scores[worst], this.#indices[worst])) worst = left;
      if (right < this.#size && worse(this.#scores[right], this.#indices[right], this.#scores[worst], this.#indices[worst])) worst = right;
      if (worst === at) return;
      this.#swap(at, worst);
      at = worst;
    }
  }

  #swap(a: number, b: number): void {
    const index = this.#indices[a];
    const score = this.#scores[a];
    this.#indices[a] = this.#indices[b];
    this.#scores[a] = this.#scores[b];
    this.#indices[b] = index;
    this.#scores[b] = score;
  }
}

/** Is (scoreA, indexA) ranked below (scoreB, indexB)? */
function worse(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && indexA > indexB);
}

/**
 * The n best indices of a dense score vector, best first, skipping those
 * `skip` rejects (already bought, out of stock...).
 */
export function topIndices(scores: ArrayLike<number>, n: number, skip?: (index: number) => boolean): Int32Array {
  const top = new TopK(n);
  for (let i = 0; i < scores.length; i++) {
    if (skip === undefined || !skip(i)) top.push(i, scores[i]);
  }
  return top.drain().indices;
}
