// @ts-check
/**
 * Who is talking, from one virtual user's seat, and the latencies that follow from it. Pure: it is
 * fed timestamped events (the user's speech from the mic, bot audio and interruptions from the
 * playout sink, RTVI `bot-started-speaking` / `bot-stopped-speaking` from client-js) and answers
 * questions at a given time. It relies on what every Pipecat bot sends — RTVI speaking events (the
 * RTVI observer sends them by default) and audio — and works without the RTVI events too.
 *
 * - Response latency: from the end of the user's utterance (its last chunk sent) to the first sign
 *   of the bot's answer: its first audio frame, or `bot-started-speaking` if that comes first.
 *   Audio while the bot is still in a turn that began before the utterance ended does not count
 *   (a bot that talks on through the user's turn has not answered yet).
 * - Interruption latency: from the first barge-in chunk to the moment no bot audio is audible.
 * - End of a bot turn: the answer has started, no `bot-started-speaking` is open, nothing is
 *   audible, and the bot has been quiet for `quietMs` (Pipecat may pause between sentences).
 */

/**
 * @typedef {object} TurnListener
 * @property {(latencyMs: number) => void} answered the bot began answering the last utterance
 * @property {(latencyMs: number) => void} bargedIn bot audio stopped after a barge-in began
 */

export class TurnTracker {
  /**
   * @param {TurnListener} listener
   * @param {{ audibleAt(now: number): boolean, readonly audibleUntil: number }} playout
   */
  constructor(listener, playout) {
    this.listener = listener;
    this.playout = playout;
    /** User utterances spoken so far (ended). */
    this.utterances = 0;
    /** Index (1-based) of the last utterance the bot began to answer; 0 = none. */
    this.answered = 0;
    this.userSpeaking = false;
    /** @type {number | null} end of the last utterance, until its answer begins */
    this.pendingSince = null;
    /** RTVI: a `bot-started-speaking` without its `bot-stopped-speaking` yet. */
    this.botSpeaking = false;
    /** When the open RTVI bot turn started. */
    this.botSpeakingSince = -Infinity;
    /** Last bot activity: audio arrival, RTVI speaking event, or the end of what was audible. */
    this.lastBotActivity = -Infinity;
    /** First bot activity of the session (a greeting), for waitForBot before any utterance. */
    this.firstBotActivity = /** @type {number | null} */ (null);
    /** When the answer to the last utterance began. */
    this.answerStartedAt = /** @type {number | null} */ (null);
    /** @type {{ at: number } | null} a barge-in whose latency is not known yet */
    this.bargeIn = null;
    this.interruptions = 0;
  }

  /** @param {number} _at */
  speechStarted(_at) {
    this.userSpeaking = true;
    this.pendingSince = null; // the user goes on talking: the earlier utterance gets no separate answer
  }

  /** @param {number} at */
  speechEnded(at) {
    this.userSpeaking = false;
    this.utterances++;
    this.pendingSince = at;
    this.answerStartedAt = null;
  }

  /** A barge-in's first chunk went out at `at`. @param {number} at */
  bargeInStarted(at) {
    this.bargeIn = { at };
  }

  /**
   * The barge-in utterance has been spoken (`now`): its interruption latency is known if the bot
   * went silent meanwhile. Returns the latency, or null if bot audio is still audible.
   * @param {number} now
   */
  settleBargeIn(now) {
    const b = this.bargeIn;
    if (!b) return null;
    this.bargeIn = null;
    if (this.playout.audibleAt(now)) return null;
    const latency = Math.max(0, this.playout.audibleUntil - b.at);
    this.listener.bargedIn(latency);
    return latency;
  }

  /** @param {number} at */
  botStartedSpeaking(at) {
    this.botSpeaking = true;
    this.botSpeakingSince = at;
    this.activity(at);
    this.maybeAnswered(at);
  }

  /** @param {number} at */
  botStoppedSpeaking(at) {
    this.botSpeaking = false;
    this.activity(at);
  }

  /** @param {number} at @param {number} _durationMs */
  botAudio(at, _durationMs) {
    this.activity(at);
    // Audio of a turn that was open before the utterance ended is not the answer.
    if (!(this.botSpeaking && this.pendingSince !== null && this.botSpeakingSince <= this.pendingSince)) this.maybeAnswered(at);
  }

  /** The transport dropped queued bot audio on an interruption. @param {number} at */
  interrupted(at) {
    this.interruptions++;
    this.botSpeaking = false; // Pipecat follows with bot-stopped-speaking; do not wait for it
    this.activity(at);
  }

  /**
   * Has the bot's answer to the last utterance (or, before any, its first turn) begun?
   * @returns {boolean}
   */
  get answerStarted() {
    return this.utterances === 0 ? this.firstBotActivity !== null : this.answered === this.utterances;
  }

  /**
   * Is the bot talking at `now` (an RTVI turn is open, or its audio is audible)?
   * @param {number} now
   */
  botTalkingAt(now) {
    return this.botSpeaking || this.playout.audibleAt(now);
  }

  /**
   * Has the bot's answer to the last utterance (or its first turn) begun and finished by `now`?
   * @param {number} now
   * @param {number} quietMs how long the bot must have been quiet
   */
  turnOverAt(now, quietMs) {
    if (!this.answerStarted || this.botTalkingAt(now)) return false;
    const lastSound = Math.max(this.lastBotActivity, this.playout.audibleUntil);
    return now - lastSound >= quietMs;
  }

  /** @private @param {number} at */
  activity(at) {
    this.lastBotActivity = Math.max(this.lastBotActivity, at);
    if (this.firstBotActivity === null) this.firstBotActivity = at;
  }

  /** @private @param {number} at */
  maybeAnswered(at) {
    if (this.pendingSince === null || this.userSpeaking) return;
    const latency = at - this.pendingSince;
    this.pendingSince = null;
    this.answered = this.utterances;
    this.answerStartedAt = at;
    this.listener.answered(latency);
  }
}
