import type { Store } from '../core/model/store.ts'

/**
 * Makes `store` refuse its writes for their data, as IndexedDB does a value it cannot clone (not a
 * lost store), while the returned switch's `refusing` is set. Test support only.
 */
export function refusedWrites(store: Store): { refusing: boolean } {
  const control = { refusing: false }
  const write = store.write.bind(store)
  store.write = (ops) => (control.refusing ? Promise.reject(new Error('DataCloneError: a value could not be cloned')) : write(ops))
  return control
}
