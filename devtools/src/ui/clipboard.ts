/** Copies text: the async clipboard API where allowed, else a selected textarea and `execCommand("copy")`. */
export async function copyText(text: string, near: Element): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Not allowed (no focus, no permission): fall back.
  }
  const area = near.ownerDocument.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.cssText = "position:fixed;left:-9999px;top:0;opacity:0;";
  (near.getRootNode() as ParentNode & Node).appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = near.ownerDocument.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
