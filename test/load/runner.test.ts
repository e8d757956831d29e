import { describe, expect, it } from 'vitest';
import { startSfvopiLoad } from '../../src/load/runner.ts';
import { contextOf } from '../../src/internal.ts'; // internal: the runner under test takes the mock's context, as the CLI gives it
import { percentile, summarize } from '../../src/load/histogram.ts';
import { drive, inboundPlan, loadWorld, sfvopiCalls } from './helpers.ts';
import { loadUtterance } from '../../src/load/utterance.ts';
import { writeWav } from '../../src/audio/wav.ts';
import { toBase64 } from '../../src/audio/base64.ts';

describe('voicemock load against an echo agent (virtual clock)', () => {
  it('reports the response latency the agent itself measured, exactly', async () => {
    const { mock, agent } = await loadWorld({ replyDelayMs: 340, answerDelayMs: 120 });
    const run = await startSfvopiLoad(contextOf(mock), inboundPlan({ calls: 6, rate_per_second: 3, hold_seconds: 4 }));
    const results = await drive(mock, run);
    expect(agent.measuredReplyMs).toHaveLength(6);
    expect(new Set(agent.measuredReplyMs)).toEqual(new Set([340]));
    const response = summarize(results.histograms.response_ms!);
    expect(response).toMatchObject({ count: 6, min_ms: 340, p50_ms: 340, p99_ms: 340, max_ms: 340 });
    expect(summarize(results.histograms.answer_webhook_ms!)).toMatchObject({ count: 6, p50_ms: 120, p99_ms: 120 });
    expect(results.counters).toMatchObject({
      calls_planned: 6, calls_started: 6, calls_answered: 6, calls_completed: 6, calls_failed: 0, streams_opened: 6,
      responses: 6, unanswered: 0, play_audio_frames: 30, late_frames: 0, malformed_messages: 0, checkpoints: 6, played_stream: 6,
    });
    expect(run.progress()).toMatchObject({ status: 'completed', planned: 6, started: 6, active: 0, completed: 6, failed: 0 });
  });

  it('holds each call for its time and starts calls at the ramp rate', async () => {
    const { mock } = await loadWorld({ replyDelayMs: 100 });
    const run = await startSfvopiLoad(contextOf(mock), inboundPlan({ calls: 4, rate_per_second: 2, hold_seconds: 3 }));
    await drive(mock, run);
    const calls = (await sfvopiCalls(mock));
    const starts = calls.map((c) => Date.parse(c.started_at)).sort((a, b) => a - b);
    expect(starts.map((s) => s - starts[0]!)).toEqual([0, 500, 1000, 1500]);
    expect(calls.map((c) => c.duration)).toEqual([3, 3, 3, 3]);
  });

  it('counts late and malformed frames', async () => {
    const { mock } = await loadWorld({ replyDelayMs: 200, replyFrames: 4, frameGapMs: 60, sendMalformed: true });
    const run = await startSfvopiLoad(contextOf(mock), inboundPlan({ calls: 2, hold_seconds: 3 }));
    const results = await drive(mock, run);
    // Frames of 20 ms sent 60 ms apart: each after the first arrives 40 ms after the audio ran out.
    expect(results.counters).toMatchObject({ play_audio_frames: 8, late_frames: 6, malformed_messages: 2, responses: 2 });
    expect(percentile(results.histograms.response_ms!, 50)).toBe(200);
  });

  it('reports failed calls with the documented message', async () => {
    const { mock } = await loadWorld({ replyDelayMs: 100, answerHangs: true });
    const run = await startSfvopiLoad(contextOf(mock), inboundPlan({ calls: 3, hold_seconds: 30 }));
    const results = await drive(mock, run);
    expect(results.failures).toEqual({ 'answer_url timeout': 3 });
    expect(results.counters).toMatchObject({ calls_failed: 3, calls_completed: 0, responses: 0 });
    expect(summarize(results.histograms.answer_webhook_ms!)).toMatchObject({ count: 3, p50_ms: 10_000 });
  });

  it('hangs up at a random point in the range, the same for the same seed', async () => {
    const durations = async (seed: number) => {
      const { mock } = await loadWorld({ replyDelayMs: 100 });
      const run = await startSfvopiLoad(contextOf(mock), inboundPlan({ calls: 8, rate_per_second: 8, hangup_between_seconds: [2, 9], seed }));
      await drive(mock, run);
      return (await sfvopiCalls(mock)).map((c) => (Date.parse(c.ended_at!) - Date.parse(c.answer_at!)) / 1000);
    };
    const first = await durations(4);
    expect(first.every((d) => d >= 2 && d <= 9)).toBe(true);
    expect(new Set(first.map(Math.round)).size).toBeGreaterThan(2);
    expect(await durations(4)).toEqual(first);
  });

  it('places outbound calls through the API', async () => {
    const { mock, apiKey } = await loadWorld({ replyDelayMs: 260 });
    const api = (request: Request) => mock.fetch(request);
    const run = await startSfvopiLoad(contextOf(mock), {
      ...inboundPlan({ calls: 3, hold_seconds: 3 }),
      target: { provider: 'sfvopi', direction: 'outbound', from: '+918000000003', answer_url: 'https://agent.invalid/answer', api_key: apiKey },
    }, { api });
    const results = await drive(mock, run);
    expect(results.failures).toEqual({});
    expect(results.counters).toMatchObject({ calls_completed: 3, responses: 3 });
    expect(percentile(results.histograms.response_ms!, 99)).toBe(260);
    expect((await sfvopiCalls(mock)).every((c) => c.direction === 'OUTBOUND')).toBe(true);
  });

  it('cancel hangs up every call of the run, outbound ones still ringing too', async () => {
    const { mock, apiKey } = await loadWorld({ replyDelayMs: 100 });
    const api = (request: Request) => mock.fetch(request);
    const run = await startSfvopiLoad(contextOf(mock), {
      ...inboundPlan({ calls: 3, rate_per_second: 10, hold_seconds: 60 }),
      target: { provider: 'sfvopi', direction: 'outbound', from: '+918000000003', answer_url: 'https://agent.invalid/answer', api_key: apiKey },
    }, { api });
    await mock.clock.advance(1000);
    await new Promise((r) => setTimeout(r, 0));
    expect((await sfvopiCalls(mock)).map((c) => c.status)).toEqual(['RINGING', 'RINGING', 'RINGING']);
    run.cancel();
    expect(run.progress().status).toBe('cancelled');
    expect((await sfvopiCalls(mock)).map((c) => c.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    await run.done;
  });

  it('times the response from the end of the speech in a WAV, not the end of the file', async () => {
    // 16 kHz, 730 ms of tone then 1.27 s of silence: the speech ends in the frame due at 740 ms.
    const sampleRate = 16_000;
    const samples = new Int16Array(2 * sampleRate);
    for (let i = 0; i < 0.73 * sampleRate; i++) samples[i] = Math.round(9000 * Math.sin((2 * Math.PI * 300 * i) / sampleRate));
    const wav = { type: 'wav' as const, base64: toBase64(writeWav({ sampleRate, samples })) };
    expect((await loadUtterance(wav, null)).endMs).toBe(740);
    expect((await loadUtterance(wav, 1000)).endMs).toBe(1000);
    expect((await loadUtterance({ type: 'silence' }, null)).endMs).toBe(0);
    const { mock, agent } = await loadWorld({ replyDelayMs: 180 });
    const results = await drive(mock, await startSfvopiLoad(contextOf(mock), inboundPlan({ calls: 2, hold_seconds: 4, audio: wav })));
    expect(agent.measuredReplyMs).toEqual([180, 180]);
    expect(summarize(results.histograms.response_ms!)).toMatchObject({ count: 2, min_ms: 180, max_ms: 180 });
  });
});
