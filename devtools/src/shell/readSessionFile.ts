/** What `mountDevtools({ replay })` and a dropped file give: the session file's text and a name for it. */

/** A session to replay: a `File` or `Blob`, the JSON text, or the parsed object. */
export type ReplayInput = Blob | string | object;

export async function readSessionFile(input: ReplayInput): Promise<{ text: string; name: string }> {
  if (typeof input === "string") return { text: input, name: "session" };
  if (typeof Blob !== "undefined" && input instanceof Blob) {
    const name = typeof File !== "undefined" && input instanceof File ? input.name : "session";
    return { text: await input.text(), name };
  }
  return { text: JSON.stringify(input), name: "session" };
}
