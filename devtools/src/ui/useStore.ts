/** Re-renders a component after each batched store change (the store batches per frame). */
import { useEffect, useState } from "preact/hooks";
import type { DevtoolsStore } from "../store.js";

export function useStoreVersion(store: DevtoolsStore | null): number {
  const [version, setVersion] = useState(store?.version ?? 0);
  useEffect(() => (store ? store.subscribe(() => setVersion(store.version)) : undefined), [store]);
  return version;
}
