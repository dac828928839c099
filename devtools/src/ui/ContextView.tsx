/**
 * The context pane: what people look for first (redacted URL, state and time in it, reconnect
 * attempt, last close, reconnects, time to ready), then the machine's whole context as redacted
 * JSON, whatever the machine keeps in it.
 */
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import type { SessionView } from "../model/sessionView.js";
import { summarizeContext } from "../model/contextView.js";
import { formatDuration } from "../model/format.js";
import { redactString } from "../../../src/common/redact.js";
import { copyText } from "./clipboard.js";

const DASH = "—";

export function ContextView(props: { view: SessionView }) {
  const { view } = props;
  const summary = summarizeContext(view.context);
  const [copied, setCopied] = useState(false);
  const json = view.context === null ? null : JSON.stringify(view.context, null, 2);
  const url = summary.url ?? view.url;
  const max = summary.maxAttempts ?? view.maxAttempts;
  const attempt = summary.attempt ?? view.attempt;
  const facts: [string, string][] = [
    ["url", url ? redactString(url) : DASH],
    ["state", view.state],
    ["in state for", view.enteredAt === null ? DASH : formatDuration(view.now - view.enteredAt)],
    ["attempt", max === null && !attempt ? DASH : `${attempt}/${max ?? "?"}`],
    ["next attempt in", view.retryAt !== null && view.retryAt > view.now ? formatDuration(view.retryAt - view.now) : DASH],
    ["last close", summary.lastClose ? `${summary.lastClose.code}${summary.lastClose.reason ? ` (${redactString(summary.lastClose.reason)})` : ""}` : DASH],
    ["reconnects", String(summary.reconnects ?? view.stats.reconnects)],
    ["time to ready", formatDuration(view.stats.timeToReadyMs)],
  ];
  return (
    <div class="scroll" data-role="context">
      <div class="facts-table">
        {facts.map(([k, v]) => (
          <Fragment key={k}>
            <span class="k">{k}</span>
            <span class="v" data-fact={k}>
              {v}
            </span>
          </Fragment>
        ))}
      </div>
      <div class="section-head">
        <h3>machine context</h3>
        {json !== null && (
          <button
            data-action="copy-context"
            onClick={(e) => void copyText(json, e.currentTarget as Element).then((ok) => (setCopied(ok), setTimeout(() => setCopied(false), 1500)))}
          >
            {copied ? "copied ✓" : "copy as JSON"}
          </button>
        )}
      </div>
      {json === null ? <div class="empty">the transport exposes no machine snapshot</div> : <pre class="context-json" data-role="context-json">{json}</pre>}
    </div>
  );
}
