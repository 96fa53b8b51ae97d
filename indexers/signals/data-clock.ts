/**
 * "Now" for every time-decayed signal (popularity, trend, trending): the
 * newest order or event in the store, never past the wall clock, or the
 * wall clock when the store is empty. Measured against the wall clock, a
 * history that ended months ago (an import, a demo, an evaluation cut) would
 * have every product at zero: trending would answer nothing and popular
 * fallbacks would come in id order. A configured clock (DATA_CLOCK,
 * src/core/config.ts) overrides it. One SQL expression, so signals and
 * training read the same instant.
 */
export const dataClockSql = `coalesce(least(now(), greatest((select max(placed_at) from orders), (select max(occurred_at) from events))), now())`;
