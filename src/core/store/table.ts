// One kind of record, in creation order, with the indexes the hot path needs: by key, and by
// the value of a field (e.g. the owning organisation), so that counting or listing one org's
// records costs the same however many other records are stored. Changes are applied to the
// stored record in place, so every index and list keeps pointing at the one object.

export interface Table<T extends object> {
  readonly name: string;
  get(key: string): T | undefined;
  insert(record: T): Promise<T>;
  /** In place: the stored object keeps its identity, so indexes and lists stay valid. */
  patch(record: T, changes: Partial<T>): T;
  remove(record: T): void;
  /** Every record, oldest first. */
  all(): readonly T[];
  count(): number;
  /**
   * The records whose `field` holds `value`, oldest first. The field's index is built on first
   * use (one scan) and kept in step with every insert, patch and remove after that. A fresh
   * array: the caller may sort or reverse it.
   */
  where<K extends keyof T & string>(field: K, value: T[K]): T[];
  /** How many records `where` would return, from the index. */
  countWhere<K extends keyof T & string>(field: K, value: T[K]): number;
  reset(): void;
}

/** Records by the value of one field; Sets keep insertion order and delete in O(1). */
type FieldIndex<T> = Map<unknown, Set<T>>;

/** `changed` hears every insert, patch and remove (the mock's change bus). */
export function createTable<T extends object>(name: string, keyOf: (record: T) => string, changed: (table: string) => void = () => {}): Table<T> {
  const rows = new Set<T>();
  const byKey = new Map<string, T>();
  const byField = new Map<keyof T, FieldIndex<T>>();

  const enter = (index: FieldIndex<T>, value: unknown, record: T) => {
    let group = index.get(value);
    if (!group) index.set(value, (group = new Set()));
    group.add(record);
  };
  const leave = (index: FieldIndex<T>, value: unknown, record: T) => {
    const group = index.get(value);
    if (!group) return;
    group.delete(record);
    if (group.size === 0) index.delete(value);
  };
  const indexOf = (field: keyof T): FieldIndex<T> => {
    let index = byField.get(field);
    if (!index) {
      index = new Map();
      for (const record of rows) enter(index, record[field], record);
      byField.set(field, index);
    }
    return index;
  };

  return {
    name,
    get: (key) => byKey.get(key),
    async insert(record) {
      rows.add(record);
      byKey.set(keyOf(record), record);
      for (const [field, index] of byField) enter(index, record[field], record);
      changed(name);
      return record;
    },
    patch(record, changes) {
      const oldKey = keyOf(record);
      const before = byField.size === 0 ? [] : [...byField].map(([field, index]) => [field, index, record[field]] as const);
      Object.assign(record, changes);
      const newKey = keyOf(record);
      if (newKey !== oldKey) {
        byKey.delete(oldKey);
        byKey.set(newKey, record);
      }
      for (const [field, index, old] of before) {
        if (record[field] === old) continue;
        leave(index, old, record);
        enter(index, record[field], record);
      }
      changed(name);
      return record;
    },
    remove(record) {
      if (!rows.delete(record)) return;
      byKey.delete(keyOf(record));
      for (const [field, index] of byField) leave(index, record[field], record);
      changed(name);
    },
    all: () => [...rows],
    count: () => rows.size,
    where: (field, value) => [...(indexOf(field).get(value) ?? [])],
    countWhere: (field, value) => indexOf(field).get(value)?.size ?? 0,
    reset() {
      rows.clear();
      byKey.clear();
      byField.clear();
    },
  };
}
