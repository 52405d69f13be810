/** The roll-up's counters, the one list of them: the type and the zero are made from it. */
export const COUNTER_KEYS = [
  'received',
  'receivedOnline',
  'receivedWithFee',
  'paidOnline',
  'digitized',
  'completed',
  'completedEarly',
  'completedLate',
  'eResult',
] as const;

/** Sums of the daily roll-up over a subtree and a run of days. */
export type Counters = Record<(typeof COUNTER_KEYS)[number], number>;

/** Every counter at zero: a day or month without dossiers, or the 766 rules shown without figures. */
export const ZERO_COUNTERS: Readonly<Counters> = Object.freeze(Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as Counters);
