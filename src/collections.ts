/**
 * Two map idioms the index, the text analysis and the reply formatting each wrote by hand: lists
 * grouped under a key, and values made once and kept (per message, per guide).
 */

/** Appends `value` to the list under `key`, making the list at its first value. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The value under `key`, made by `make` and kept the first time it is asked for. */
export function cached<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
