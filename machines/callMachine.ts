/**
 * The `pipecat-ws call` statechart: when a call has connected, sent its input, heard the bot
 * out, and how it ended — which decides the exit code. Pure: it imports no I/O. Connecting and
 * sending the WAV are actors, and the sink's playout is a delay, all supplied by src/cli/call.ts
 * with `.provide()`; the defaults fail loudly so a missing implementation cannot pass silently.
 *
 *   connecting ─connected─▶ sending ─input done─▶ awaitingBot(quiet ─idleMs─▶ draining ─▶ done)
 *        │                    │                     │ ▲ bot activity or LINK_UP re-enters quiet
 *        │ error / timeout    │ FATAL               │ └ waitingForBot (speaking, turn pending, reconnecting)
 *        ▼                    ▼                     ▼ waitMs: botBusy ? timedOut : done
 *      failed ◀──────────── failed        BOT_LEFT ─▶ botLeft       SIGNAL (any state) ─▶ interrupted
 *
 * Exit codes: done 0, botLeft 0, failed 1, (usage 2, decided before a call starts), timedOut 3,
 * interrupted 130 (SIGINT) / 143 (SIGTERM).
 */
import { assign, fromPromise, setup } from "xstate";

/** The signals a call finishes cleanly on. */
export type CallSignal = "SIGINT" | "SIGTERM";

/** Why a call failed. */
export type CallFailure =
  /** `client.connect()` / `startBotAndConnect()` rejected with `error`. */
  | { kind: "connect-error"; error: unknown }
  /** No bot-ready within `connectTimeoutMs`. */
  | { kind: "connect-timeout"; ms: number }
  /** The connection was lost for good after bot-ready (client-js reported a fatal error). */
  | { kind: "fatal"; message: string }
  /** Sending the input failed. */
  | { kind: "input-error"; error: unknown };

/** How a call ended. */
export type CallOutcome = "done" | "bot-left" | "failed" | "timed-out" | "interrupted";

/** Exit code of each ending. `usage` is decided before a call starts. */
export const CALL_EXIT_CODES = {
  done: 0,
  "bot-left": 0,
  failed: 1,
  usage: 2,
  "timed-out": 3,
  SIGINT: 130,
  SIGTERM: 143,
} as const;

/** The exit code for an outcome (an interrupted call exits 128 + the signal number). */
export function callExitCode(outcome: CallOutcome, signal: CallSignal | null): number {
  if (outcome === "interrupted") return CALL_EXIT_CODES[signal ?? "SIGINT"];
  return CALL_EXIT_CODES[outcome];
}

export interface CallInput {
  /** Give up if the bot is not ready after this long, in ms. */
  connectTimeoutMs: number;
  /** After the input, finish once the bot has been quiet this long, in ms. */
  idleMs: number;
  /** After the input, stop waiting for the bot after this long, in ms. */
  waitMs: number;
}

export interface CallContext extends CallInput {
  /** The bot said bot-started-speaking and not yet bot-stopped-speaking. */
  botSpeaking: boolean;
  /** The user finished a turn the bot has not started answering. */
  userTurnPending: boolean;
  /** The connection is down and the transport is reconnecting (a call is not over meanwhile). */
  linkDown: boolean;
  /** Answers the bot started. */
  turns: number;
  /** Interruptions received. */
  interruptions: number;
  /** True once the whole input was sent; false if it stopped early; null while sending. */
  inputCompleted: boolean | null;
  failure: CallFailure | null;
  outcome: CallOutcome | null;
  signal: CallSignal | null;
}

export type CallEvent =
  | { type: "USER_STOPPED_SPEAKING" }
  | { type: "BOT_STARTED_SPEAKING" }
  | { type: "BOT_STOPPED_SPEAKING" }
  /** Bot audio arrived. */
  | { type: "BOT_AUDIO" }
  | { type: "INTERRUPTION" }
  /** The transport lost the connection and is reconnecting. */
  | { type: "LINK_DOWN" }
  /** The transport is ready again (bot-ready after a reconnect). */
  | { type: "LINK_UP" }
  /** client-js reported a fatal error (the connection is gone). */
  | { type: "FATAL"; message: string }
  /** The bot closed the connection cleanly (code 1000). */
  | { type: "BOT_LEFT" }
  | { type: "SIGNAL"; signal: CallSignal };

/** What the finished machine outputs: the outcome and the process exit code. */
export interface CallOutput {
  outcome: CallOutcome;
  exitCode: number;
  failure: CallFailure | null;
  /** Answers the bot started, and interruptions received. */
  turns: number;
  interruptions: number;
}

const notProvided = (what: string) => () => {
  throw new Error(`callMachine: '${what}' must be supplied with .provide()`);
};

/** Bot events: update the conversation and count as activity. */
const botActivity = {
  BOT_STARTED_SPEAKING: { actions: "botStarted" },
  BOT_STOPPED_SPEAKING: { actions: "botStopped" },
  USER_STOPPED_SPEAKING: { actions: "userStopped" },
  INTERRUPTION: { actions: "countInterruption" },
  LINK_DOWN: { actions: "linkDown" },
  LINK_UP: { actions: "linkUp" },
} as const;

export const callMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as CallInput,
    output: {} as CallOutput,
  },
  actors: {
    /** Connects and resolves at bot-ready (`client.connect()` / `startBotAndConnect()`). */
    connect: fromPromise<void, void>(notProvided("connect actor")),
    /** Sends the input in real time; resolves true when all of it was sent, false if stopped early. */
    sendInput: fromPromise<boolean, void>(notProvided("sendInput actor")),
  },
  actions: {
    /** Printed when the bot is ready. */
    announceReady: () => {},
    /** Printed when the input has been sent. */
    announceInputSent: () => {},
    /** Printed when the bot ended the call. */
    announceBotLeft: () => {},
    botStarted: assign({ botSpeaking: true, userTurnPending: false, turns: ({ context }) => context.turns + 1 }),
    botStopped: assign({ botSpeaking: false }),
    userStopped: assign({ userTurnPending: true }),
    countInterruption: assign({ interruptions: ({ context }) => context.interruptions + 1 }),
    linkDown: assign({ linkDown: true }),
    /** Ready again after a reconnect: a new session, so nothing is owed from the old one. */
    linkUp: assign({ linkDown: false, botSpeaking: false, userTurnPending: false }),
    failFatal: assign({ failure: ({ event }) => ({ kind: "fatal" as const, message: event.type === "FATAL" ? event.message : "fatal error" }) }),
    failConnectTimeout: assign({ failure: ({ context }) => ({ kind: "connect-timeout" as const, ms: context.connectTimeoutMs }) }),
    rememberSignal: assign({ signal: ({ event }) => (event.type === "SIGNAL" ? event.signal : null) }),
  },
  guards: {
    botBusy: ({ context }) => context.botSpeaking || context.userTurnPending || context.linkDown,
  },
  delays: {
    connectTimeout: ({ context }) => context.connectTimeoutMs,
    idle: ({ context }) => context.idleMs,
    waitTimeout: ({ context }) => context.waitMs,
    /** Until the recorded bot audio has played out (the sink's buffer), in ms. */
    drain: () => 0,
  },
}).createMachine({
  id: "call",
  initial: "connecting",
  context: ({ input }) => ({
    ...input,
    botSpeaking: false,
    userTurnPending: false,
    linkDown: false,
    turns: 0,
    interruptions: 0,
    inputCompleted: null,
    failure: null,
    outcome: null,
    signal: null,
  }),
  output: ({ context }) => ({
    outcome: context.outcome ?? "failed",
    exitCode: callExitCode(context.outcome ?? "failed", context.signal),
    failure: context.failure,
    turns: context.turns,
    interruptions: context.interruptions,
  }),
  on: {
    SIGNAL: { target: ".interrupted", actions: "rememberSignal" },
  },
  states: {
    connecting: {
      invoke: {
        src: "connect",
        onDone: { target: "sending", actions: "announceReady" },
        onError: { target: "failed", actions: assign({ failure: ({ event }) => ({ kind: "connect-error" as const, error: event.error }) }) },
      },
      // FATAL is not handled here: connect() rejects with the cause, and client-js's fatal
      // onError, which comes first, says less.
      after: { connectTimeout: { target: "failed", actions: "failConnectTimeout" } },
    },
    sending: {
      invoke: {
        src: "sendInput",
        onDone: { target: "awaitingBot", actions: assign({ inputCompleted: ({ event }) => event.output }) },
        onError: { target: "failed", actions: assign({ failure: ({ event }) => ({ kind: "input-error" as const, error: event.error }) }) },
      },
      on: {
        ...botActivity,
        FATAL: { target: "failed", actions: "failFatal" },
        BOT_LEFT: "botLeft",
      },
    },
    awaitingBot: {
      entry: "announceInputSent",
      initial: "quiet",
      after: { waitTimeout: [{ guard: "botBusy", target: "timedOut" }, { target: "done" }] },
      // Bot activity goes to `.quiet`: that re-enters the child (its idle timer restarts) and
      // leaves `awaitingBot`, its entry and its waitTimeout alone.
      on: {
        BOT_STARTED_SPEAKING: { target: ".quiet", actions: "botStarted" },
        BOT_STOPPED_SPEAKING: { target: ".quiet", actions: "botStopped" },
        USER_STOPPED_SPEAKING: { target: ".quiet", actions: "userStopped" },
        BOT_AUDIO: { target: ".quiet" },
        INTERRUPTION: { target: ".quiet", actions: "countInterruption" },
        LINK_DOWN: { actions: "linkDown" },
        LINK_UP: { target: ".quiet", actions: "linkUp" },
        FATAL: { target: "failed", actions: "failFatal" },
        BOT_LEFT: "botLeft",
      },
      states: {
        /** Waiting for idleMs without bot activity. */
        quiet: { after: { idle: [{ guard: "botBusy", target: "waitingForBot" }, { target: "draining" }] } },
        /** The bot is speaking, owes an answer, or is being reconnected to: its next event re-enters `quiet`. */
        waitingForBot: {},
        /** Quiet and answered: done once the recorded audio has played out. */
        draining: { after: { drain: "#call.done" } },
      },
    },
    done: { type: "final", entry: assign({ outcome: "done" as const }) },
    botLeft: { type: "final", entry: ["announceBotLeft", assign({ outcome: "bot-left" as const })] },
    timedOut: { type: "final", entry: assign({ outcome: "timed-out" as const }) },
    failed: { type: "final", entry: assign({ outcome: "failed" as const }) },
    interrupted: { type: "final", entry: assign({ outcome: "interrupted" as const }) },
  },
});

export type CallMachine = typeof callMachine;
