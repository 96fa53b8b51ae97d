/** Caps on how many items of one brand or one merchant a list may hold; null: no cap. */
export interface DiversityCaps {
  maxPerBrand: number | null;
  maxPerMerchant: number | null;
}

interface Grouped {
  brand: { id: string } | null;
  merchant: { id: string };
}

/**
 * Admits items in the order offered while they fit under the caps, across
 * any number of batches (a list is often filled from several sources).
 * Products without a brand are not capped by brand. Pure apart from its own
 * counts.
 */
export function createDiversifier(caps: DiversityCaps): (item: Grouped) => boolean {
  const brands = new Map<string, number>();
  const merchants = new Map<string, number>();
  return (item) => {
    const brand = item.brand?.id;
    const brandCount = brand === undefined ? 0 : (brands.get(brand) ?? 0);
    const merchantCount = merchants.get(item.merchant.id) ?? 0;
    if (brand !== undefined && caps.maxPerBrand !== null && brandCount >= caps.maxPerBrand) return false;
    if (caps.maxPerMerchant !== null && merchantCount >= caps.maxPerMerchant) return false;
    if (brand !== undefined) brands.set(brand, brandCount + 1);
    merchants.set(item.merchant.id, merchantCount + 1);
    return true;
  };
}

/** The first `size` items that fit the caps, in order. */
export function diversify<T extends Grouped>(items: readonly T[], caps: DiversityCaps, size: number): T[] {
  const admit = createDiversifier(caps);
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= size) break;
    if (admit(item)) out.push(item);
  }
  return out;
}
