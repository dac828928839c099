// @ts-check
/**
 * The names of every metric the engine emits, in one place (the docs list the same table).
 * Histograms become Artillery summaries (min, max, mean, p50…p999, count); counters are sums.
 */

export const METRICS = Object.freeze({
  /** ms from the start of a `connect` step (including the endpoint POST) to the bot's `bot-ready`. */
  connectToReady: "pipecat.connect_to_ready",
  /** ms from the end of the user's speech (last WAV chunk sent) to the first audio of the bot's answer. */
  responseLatency: "pipecat.response_latency",
  /** ms from the first barge-in chunk sent to the moment no bot audio is audible any more. */
  interruptionLatency: "pipecat.interruption_latency",
  /** Counter: bot answers that started after a user utterance (one per `response_latency` sample). */
  turns: "pipecat.turns",
  /** Counter: interruptions (the transport flushed bot audio on an InterruptionFrame). */
  interruptions: "pipecat.interruptions",
  /** Counter: ms of bot audio received. */
  botAudioMs: "pipecat.bot_audio_ms",
  /** Counter: ms of user audio sent (speech and the silence between turns). */
  userAudioMs: "pipecat.user_audio_ms",
  /** Counter: reconnect attempts the transport started. */
  reconnects: "pipecat.reconnects",
  /** Counter prefix: `pipecat.errors.<kind>` (see errors.js). */
  errorsPrefix: "pipecat.errors.",
  /** Per second, per Artillery worker: the worst lateness of the 20 ms mic clock (ms). */
  micLag: "pipecat.loadgen.mic_lag",
  /** Counter: user audio chunks sent more than one chunk (20 ms) after they were due. */
  micLateChunks: "pipecat.loadgen.mic_late_chunks",
  /** Per second, per Artillery worker: p99 event-loop delay (ms beyond the monitor's 10 ms timer). */
  eventLoopDelay: "pipecat.loadgen.event_loop_delay",
  /** Per second: CPU used by the whole Artillery process (all its workers), % of one core. */
  cpu: "pipecat.loadgen.cpu",
  /** Per second, per Artillery worker: sessions connected. */
  sessions: "pipecat.loadgen.sessions",
});
