/**
 * Bundle cost: Vite builds the same tiny app (bench/bundle/*.ts) four ways — client-js alone,
 * with our transport, with the official transport, and with our transport plus the devtools
 * panel — minified, then gzipped (level 9). A transport's own cost is its app minus the
 * client-js-only app, so client-js is counted once, separately.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Rollup } from "vite";

export interface BundleResult {
  app: string;
  minBytes: number;
  gzipBytes: number;
  /** Largest modules by rendered (minified) size, for the explanation column. */
  topPackages: { name: string; minBytes: number }[];
}

const here = fileURLToPath(new URL(".", import.meta.url));

function packageOf(id: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (m) return m[1];
  if (id.includes("/devtools/")) return "(devtools)";
  if (id.includes("/src/")) return "(our src)";
  return "(other)";
}

async function buildApp(name: string): Promise<BundleResult> {
  const out = (await build({
    root: here,
    configFile: false,
    logLevel: "silent",
    build: {
      write: false,
      minify: true,
      target: "es2022",
      modulePreload: false,
      rollupOptions: { input: `${here}bundle/${name}.ts` },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const outputs = Array.isArray(out) ? out : [out];
  let minBytes = 0;
  let gzipBytes = 0;
  const perPackage = new Map<string, number>();
  for (const o of outputs) {
    for (const item of o.output) {
      if (item.type !== "chunk") continue;
      minBytes += Buffer.byteLength(item.code);
      gzipBytes += gzipSync(item.code, { level: 9 }).length;
      for (const [id, mod] of Object.entries(item.modules)) {
        const pkg = packageOf(id);
        perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + mod.renderedLength);
      }
    }
  }
  const topPackages = [...perPackage].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, b]) => ({ name: n, minBytes: b }));
  return { app: name, minBytes, gzipBytes, topPackages };
}

export async function benchBundles(): Promise<{ apps: BundleResult[]; notes: string[] }> {
  const notes: string[] = [];
  const apps: BundleResult[] = [];
  for (const name of ["base", "ours", "official", "oursDevtools"]) {
    if (name === "oursDevtools" && !existsSync(`${here}../devtools/src/index.ts`)) {
      notes.push("devtools entry not present: skipped");
      continue;
    }
    try {
      apps.push(await buildApp(name));
    } catch (e) {
      notes.push(`${name}: build failed: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  return { apps, notes };
}
