// Load runs through the control API, and the Prometheus metrics they feed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { controlApiDocument } from '../../src/generated/control-api-document.ts';
import { stripProse } from '../../src/core/contract/generate.ts';
import { controlRequest } from '../calls/peers.ts';
import { expectValidReport, loadWorld, NUMBER, sfvopiCalls } from './helpers.ts';

async function metrics(mock: Awaited<ReturnType<typeof loadWorld>>['mock']): Promise<{ status: number; type: string; text: string }> {
  const response = await mock.fetch(new Request('http://127.0.0.1:4010/__voicemock/metrics'));
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('POST /__voicemock/sfvopi/load', () => {
  it('starts a run; status, results and metrics follow it on the mock clock', async () => {
    const { mock } = await loadWorld({ replyDelayMs: 300 });
    const started = await controlRequest(mock, 'POST', '/sfvopi/load', {
      direction: 'inbound', to: NUMBER, calls: 4, rate_per_second: 4, hold_seconds: 3, audio: { type: 'tone', frequency_hz: 440 },
      thresholds: [{ name: 'max-p99-response-ms', limit: 250 }],
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', planned: 4, started: 0 });
    const id = started.body.load_id;
    for (let i = 0; i < 60; i++) {
      await mock.clock.advance(100);
      await new Promise((r) => setTimeout(r, 0));
    }
    const status = await controlRequest(mock, 'GET', `/sfvopi/load/${id}`);
    expect(status.body).toEqual({ load_id: id, status: 'completed', planned: 4, started: 4, active: 0, completed: 4, failed: 0 });
    const results = await controlRequest(mock, 'GET', `/sfvopi/load/${id}/results`);
    expectValidReport(results.body);
    expect(results.body.summary.response_ms).toMatchObject({ count: 4, p50_ms: 300, p99_ms: 300 });
    expect(results.body.thresholds).toEqual([{ name: 'max-p99-response-ms', limit: 250, actual: 300, passed: false }]);
    expect(results.body.passed).toBe(false);
    const m = await metrics(mock);
    expect(m.status).toBe(200);
    expect(m.type).toContain('text/plain');
    expect(m.text).toContain('voicemock_load_calls_completed_total{provider="sfvopi"} 4');
    expect(m.text).toContain('voicemock_load_response_seconds_bucket{le="0.3",provider="sfvopi"} 4');
    expect(m.text).toContain('voicemock_load_response_seconds_bucket{le="0.2",provider="sfvopi"} 0');
    expect(m.text).toContain('voicemock_load_response_seconds_count{provider="sfvopi"} 4');
    expect(m.text).toMatch(/^voicemock_sfvopi_live_calls 0$/m);
  });

  it('cancel hangs up the live calls; unknown runs are 404; a bad plan is 400', async () => {
    const { mock } = await loadWorld({ replyDelayMs: 300 });
    const id = (await controlRequest(mock, 'POST', '/sfvopi/load', { direction: 'inbound', to: NUMBER, calls: 10, rate_per_second: 10, hold_seconds: 60 })).body.load_id;
    await mock.clock.advance(500);
    await new Promise((r) => setTimeout(r, 0));
    const cancelled = await controlRequest(mock, 'POST', `/sfvopi/load/${id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', started: 6 });
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
    expect((await sfvopiCalls(mock)).every((c) => c.status === 'COMPLETED')).toBe(true);
    expect((await controlRequest(mock, 'GET', '/sfvopi/load/load_nope')).status).toBe(404);
    const unlinked = await controlRequest(mock, 'POST', '/sfvopi/load', { direction: 'inbound', to: '+918000000999', calls: 1 });
    expect(unlinked.status).toBe(400);
    expect(unlinked.body.error).toEqual({ code: 'invalid_plan', message: 'no SFVoPI app is linked to +918000000999' });
    const typo = await controlRequest(mock, 'POST', '/sfvopi/load', { direction: 'inbound', to: NUMBER, calls: 1, thresholds: [{ name: 'max-p99-respnse-ms', limit: 1 }] });
    expect(typo.status).toBe(400);
    expect((await controlRequest(mock, 'POST', '/sfvopi/load', { direction: 'sideways', calls: 1 })).status).toBe(400);
  });

  it('control-api.yaml describes the same report as src/load/report.schema.json', () => {
    // The generated document carries no prose (stripped at generate time): compare without it.
    const file = stripProse(JSON.parse(readFileSync(new URL('../../src/load/report.schema.json', import.meta.url), 'utf8'))) as any;
    const schemas = (controlApiDocument as any).components.schemas;
    const asApi = (o: unknown) => JSON.parse(JSON.stringify(o).replaceAll('#/$defs/histogram', '#/components/schemas/LoadHistogram').replaceAll('#/$defs/summary', '#/components/schemas/LoadSummary'));
    const { 'x-voicemock-inferred': _i, ...report } = schemas.LoadReport;
    const { $schema: _s, $id: _d, $defs, title: _t, ...fileReport } = file;
    expect(report).toEqual(asApi(fileReport));
    expect(schemas.LoadHistogram).toEqual($defs.histogram);
    expect(schemas.LoadSummary).toEqual($defs.summary);
  });
});
