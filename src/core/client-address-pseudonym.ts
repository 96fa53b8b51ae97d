/**
 * A client address (the rate limiter's key: IPv4 as itself, IPv6 by its /64)
 * as Postgres stores it: md5 of the address after a salt that is random per
 * database and never leaves it (`client_address_salt`, migration 048), so no
 * address is stored and the 2^32 IPv4 addresses cannot simply be hashed in turn
 * to undo it. Hashed in Postgres, so no process holds the salt and every
 * process hashes alike. The search log (earned suggestions count distinct
 * addresses) and events (signals cap what one address adds) share it.
 *
 * SQL text with one `?` for the address, for `db.raw`.
 */
export const clientAddressPseudonymSql = 'md5((select salt from client_address_salt where id = 1) || ?)';
