/**
 * The demo page: a PipecatClient on this package's WebSocketTransport, with connect/disconnect,
 * a mic toggle, mic and speaker pickers, a transcript of RTVI `user-transcription` and
 * `bot-output`, and the devtools panel mounted. Connects to the dev bot server's endpoint by
 * default; `?endpoint=…` or `?ws_url=…` in the page URL (or the text field) point it elsewhere,
 * `&connect=1` connects on load.
 */
import { PipecatClient, type BotOutputData, type TranscriptData, type TransportState } from "@pipecat-ai/client-js";
import { WebSocketTransport } from "../../src/index.js";
import { BrowserAudioIO } from "../../src/audio/browser/index.js";
import { mountDevtools } from "../src/index.js";
import { redactString } from "../../src/common/redact.js";

const DEFAULT_ENDPOINT = "http://127.0.0.1:7860/connect";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const targetInput = $<HTMLInputElement>("target");
const connectBtn = $<HTMLButtonElement>("connect");
const disconnectBtn = $<HTMLButtonElement>("disconnect");
const micBtn = $<HTMLButtonElement>("mic-toggle");
const micSelect = $<HTMLSelectElement>("mics");
const speakerSelect = $<HTMLSelectElement>("speakers");
const statusEl = $<HTMLSpanElement>("status");
const errorEl = $<HTMLSpanElement>("error");
const transcript = $<HTMLOListElement>("transcript");

const params = new URLSearchParams(location.search);
targetInput.value = params.get("ws_url") ?? params.get("endpoint") ?? DEFAULT_ENDPOINT;

const transport = new WebSocketTransport({ audio: new BrowserAudioIO() });

function addLine(who: "user" | "bot", text: string): void {
  const li = document.createElement("li");
  li.className = who;
  const label = document.createElement("span");
  label.className = "who";
  label.textContent = who === "user" ? "You" : "Bot";
  li.append(label, document.createTextNode(text));
  transcript.appendChild(li);
  while (transcript.children.length > 200) transcript.firstElementChild?.remove(); // bounded
  li.scrollIntoView({ block: "nearest" });
}

function fillDevices(select: HTMLSelectElement, devices: MediaDeviceInfo[], selected?: string): void {
  const keep = selected ?? select.value;
  select.replaceChildren(new Option("default", ""));
  devices.forEach((d, i) => select.appendChild(new Option(d.label || `${d.kind} ${i + 1}`, d.deviceId)));
  select.value = devices.some((d) => d.deviceId === keep) ? keep : "";
}

function showStatus(): void {
  // The statechart's state is finer than client-js's (it knows `reconnecting`).
  const detailed = transport.connectionState;
  const state = client.state as TransportState;
  const shown = detailed === "reconnecting" ? "reconnecting" : state;
  statusEl.textContent = shown;
  if (shown === "ready") errorEl.textContent = ""; // a reconnect's warning is over once ready again
  statusEl.dataset.state = shown;
  const busy = detailed !== "idle" && detailed !== "disconnected";
  connectBtn.disabled = busy;
  disconnectBtn.disabled = !busy;
  micBtn.textContent = `Mic: ${client.isMicEnabled ? "on" : "off"}`;
}

const client = new PipecatClient({
  transport,
  enableMic: true,
  enableCam: false,
  callbacks: {
    onTransportStateChanged: () => showStatus(),
    onUserTranscript: (data: TranscriptData) => {
      if (data.final) addLine("user", data.text);
    },
    onBotOutput: (data: BotOutputData) => addLine("bot", data.text),
    onAvailableMicsUpdated: (mics) => fillDevices(micSelect, mics),
    onAvailableSpeakersUpdated: (speakers) => fillDevices(speakerSelect, speakers),
    onError: (message) => {
      const data = message.data as { message?: string } | undefined;
      errorEl.textContent = redactString(data?.message ?? "error");
    },
  },
});
// The machine moves more often than client-js's state (backoff ⇄ opening): follow it directly.
transport.actorRef.subscribe(() => showStatus());

async function refreshDevices(): Promise<void> {
  fillDevices(micSelect, await client.getAllMics());
  fillDevices(speakerSelect, await client.getAllSpeakers());
}

async function connect(): Promise<void> {
  errorEl.textContent = "";
  const target = targetInput.value.trim();
  const isWs = /^wss?:\/\//i.test(target);
  try {
    await client.initDevices();
    void refreshDevices();
    await (isWs ? client.connect({ wsUrl: target }) : client.startBotAndConnect({ endpoint: target }));
  } catch (e) {
    errorEl.textContent = redactString(String((e as Error)?.message ?? e));
  }
  showStatus();
}

$<HTMLFormElement>("connect-form").addEventListener("submit", (e) => {
  e.preventDefault();
  void connect();
});
disconnectBtn.addEventListener("click", () => void client.disconnect().then(showStatus));
micBtn.addEventListener("click", () => {
  client.enableMic(!client.isMicEnabled);
  showStatus();
});
micSelect.addEventListener("change", () => client.updateMic(micSelect.value));
speakerSelect.addEventListener("change", () => client.updateSpeaker(speakerSelect.value));
$<HTMLFormElement>("text-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = $<HTMLInputElement>("text");
  const text = input.value.trim();
  if (!text) return;
  addLine("user", text);
  client.sendText(text).catch((err: unknown) => (errorEl.textContent = redactString(String((err as Error)?.message ?? err))));
  input.value = "";
});

const unmountDevtools = mountDevtools(transport);
showStatus();

// For tests and the console: the live objects (never the token: the URL is redacted).
Object.assign(window, { __demo: { client, transport, unmountDevtools } });

if (params.get("connect") === "1") void connect();
