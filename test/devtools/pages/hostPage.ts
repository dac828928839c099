/**
 * Browser side of the host-page test: a small app the way React apps are often laid out — a
 * full-viewport root (position: fixed, inset 0) with a header, a scrolling list, and a composer
 * bar along the bottom whose Send button sits in the bottom-right corner, exactly where a
 * floating devtools button would go — with the devtools mounted on an event source. Every
 * pointerdown the app receives is recorded with its target and position.
 */
import { connectionMachine } from "../../../machines/connectionMachine.js";
import { mountDevtools } from "../../../devtools/src/index.js";
import { ReplayTransport } from "../support/replayTransport.js";

document.body.style.margin = "0";
document.body.innerHTML = `
  <div id="app" style="position:fixed;inset:0;display:flex;flex-direction:column;font:14px system-ui;background:#fafafa">
    <header style="display:flex;gap:8px;align-items:center;padding:8px 12px;border-bottom:1px solid #ddd">
      <b style="flex:1">Voice app</b><button id="connect">Connect</button><button id="settings">Settings</button>
    </header>
    <main id="list" style="flex:1;overflow:auto;padding:12px">${Array.from({ length: 40 }, (_, i) => `<p>message ${i + 1}</p>`).join("")}</main>
    <footer style="display:flex;gap:8px;padding:10px 12px;border-top:1px solid #ddd;background:#fff">
      <button id="mic">Mic</button><input id="composer" style="flex:1" placeholder="Say something"><button id="send">Send</button>
    </footer>
  </div>`;

const clicks: { id: string; x: number; y: number }[] = [];
document.getElementById("app")!.addEventListener("pointerdown", (e) => {
  const target = e.target as HTMLElement;
  clicks.push({ id: target.id || target.tagName.toLowerCase(), x: e.clientX, y: e.clientY });
});

const transport = new ReplayTransport(connectionMachine);
const unmount = mountDevtools(transport, { storageKey: "host-page-devtools" });
Object.assign(window, { __clicks: clicks, __unmount: unmount, __transport: transport });
