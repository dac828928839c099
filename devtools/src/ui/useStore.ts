/** Re-renders a component after each batched store change (the store batches per frame). */
import { useEffect, useState } from "preact/hooks";
import type { DevtoolsStore } from "../store.js";

export function useStoreVersion(store: DevtoolsStore): number {
  const [version, setVersion] = useState(store.version);
  useEffect(() => store.subscribe(() => setVersion(store.version)), [store]);
  return version;
}
