// A conversation run as a page a person reads: per conversation its verdict, a timeline of who
// spoke when (caller above, agent below, to the millisecond, with DTMF, clearAudio and the
// checkpoints marked), the steps with their verdicts, the violations, and the agent's audio as
// the caller heard it (the call's recording, while the mock still keeps it). Plain HTML and
// CSS, no script: every value is escaped.
import type { ConverseReport } from './report.ts';
import type { ConversationResult, TimelineEntry } from './result.ts';

const esc = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STYLE = `body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}h2{margin-top:2rem}
.pass{color:#176b2c}.fail{color:#b3261e}.lane{position:relative;height:22px;background:#f3f3f3;margin:2px 0}
.bar{position:absolute;top:2px;height:18px;border-radius:3px}.caller{background:#4a78c2}.agent{background:#d08a2e}
.mark{position:absolute;top:0;width:2px;height:22px;background:#222}.label{font-size:12px;color:#555}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}`;

function lane(entries: TimelineEntry[], who: 'caller' | 'agent', total: number): string {
  const pct = (ms: number) => `${Math.max(0, Math.min(100, (ms / total) * 100)).toFixed(3)}%`;
  const items = entries.filter((e) => e.who === who).map((e) => e.what === 'speech'
    ? `<div class="bar ${who}" style="left:${pct(e.at_ms)};width:${pct((e.end_ms ?? e.at_ms) - e.at_ms)}" title="${who} speech ${e.at_ms}–${e.end_ms} ms"></div>`
    : `<div class="mark" style="left:${pct(e.at_ms)}" title="${esc(e.what)} at ${e.at_ms} ms${e.detail ? ` (${esc(e.detail)})` : ''}"></div>`);
  return `<div class="label">${who}</div><div class="lane">${items.join('')}</div>`;
}

function conversation(c: ConversationResult, recordingUrl: (uuid: string) => string): string {
  const total = Math.max(1, c.duration_ms, ...c.timeline.map((e) => e.end_ms ?? e.at_ms));
  const steps = c.steps.map((s) => `<tr><td>${s.step}</td><td>${esc(s.expectation ?? s.kind)}</td><td>${s.started_ms}–${s.ended_ms} ms</td><td>${s.actual_ms ?? ''}</td><td class="${s.passed === false ? 'fail' : 'pass'}">${s.passed === undefined ? '' : s.passed ? 'pass' : esc(s.message)}</td></tr>`);
  const violations = c.violations.map((v) => `<li>${v.at_ms} ms · ${esc(v.message)}<br><code>${esc(v.sent)}</code></li>`);
  return `<h2 class="${c.passed ? 'pass' : 'fail'}">${c.passed ? 'PASS' : 'FAIL'} ${esc(c.script)}</h2>
<p>${c.duration_ms} ms · first audio ${c.time_to_first_audio_ms ?? '—'} ms · ended by ${esc(c.ended_by ?? '—')}${c.error ? ` · ${esc(c.error)}` : ''}</p>
${lane(c.timeline, 'caller', total)}${lane(c.timeline, 'agent', total)}
${c.call_uuid ? `<p><audio controls preload="none" src="${esc(recordingUrl(c.call_uuid))}"></audio> <span class="label">the agent, as the caller heard it</span></p>` : ''}
<table><tr><th>step</th><th>what</th><th>when</th><th>ms</th><th>verdict</th></tr>${steps.join('')}</table>
${violations.length > 0 ? `<h3>Violations (${c.violations_total})</h3><ul>${violations.join('')}</ul>` : ''}`;
}

export function timelinePage(report: ConverseReport | null, recordingUrl: (uuid: string) => string): string {
  const body = report === null
    ? '<p>The run has not finished yet; reload.</p>'
    : report.conversations.map((c) => conversation(c, recordingUrl)).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>voicemock conversations</title><style>${STYLE}</style></head><body><h1>Conversations</h1>${body}</body></html>`;
}
