/**
 * Builds the bench pages with Vite, minified, the way an app would ship them: one entry for our
 * transport and one for the official package (with @daily-co/daily-js from node_modules, no
 * CDN). Kept in memory; the bench bot serves the chunks.
 */
import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";

const pageDir = fileURLToPath(new URL("./page/", import.meta.url));

/** The two page entries, served as `/<name>.html`. */
export const PAGES = ["ours", "official"] as const;

/** File name → JS source of every chunk. */
export async function buildPages(): Promise<Map<string, string>> {
  const out = (await build({
    root: pageDir,
    configFile: false,
    logLevel: "silent",
    build: {
      write: false,
      minify: true,
      target: "es2022",
      modulePreload: false,
      rollupOptions: {
        input: Object.fromEntries(PAGES.map((p) => [p, `${pageDir}${p}.ts`])),
        output: { entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
      },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const files = new Map<string, string>();
  for (const o of Array.isArray(out) ? out : [out]) {
    for (const item of o.output) if (item.type === "chunk") files.set(item.fileName, item.code);
  }
  return files;
}
