// The inspector's script. It runs in the browser, so it is one self-contained function (no
// imports, no outer names): page.ts serves its source text as /__voicemock/inspector/app.js.
// Everything it shows comes from the control API; /__voicemock/events says when to re-read.
// All text goes in through textContent, never innerHTML: requests are the clients' data.
export function inspectorApp(): void {
  type Json = any;
  const BASE = '/__voicemock';

  const byId = (id: string) => document.getElementById(id)!;
  const h = (tag: string, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Array<Node | string | null | undefined>): HTMLElement => {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (typeof v === 'function') el.addEventListener(k, v);
      else if (v === true) el.setAttribute(k, '');
      else if (v !== false) el.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
    return el;
  };
  // Times in the browser's own zone, which the header names (the API's are UTC).
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const clockTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const time = (iso: string | null | undefined) => {
    if (!iso) return '—';
    const d = new Date(iso);
    return `${clockTime(d)}.${pad(d.getMilliseconds(), 3)}`;
  };
  const dateTime = (ms: number) => {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clockTime(d)}`;
  };
  const zoneName = () => {
    const offset = -new Date().getTimezoneOffset();
    const sign = offset >= 0 ? '+' : '-';
    return `${Intl.DateTimeFormat().resolvedOptions().timeZone} (UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)})`;
  };
  const stamp = (iso: string | null | undefined) => h('time', iso ? { datetime: iso, title: iso } : {}, time(iso));
  const say = (text: string, bad = false) => {
    const out = byId('status');
    out.textContent = text;
    out.className = bad ? 'bad' : '';
  };

  async function api(path: string, init?: RequestInit): Promise<Json> {
    const response = await fetch(BASE + path, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json() : null;
    if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
    return body;
  }

  let orgStates: Json[] = [];
  let journal: Json[] = [];
  // The clock as last read; a real one is ticked here between reads (at its scale).
  let clock: { kind: string; at: number; readAt: number; scale: number } | null = null;
  function showClock() {
    if (!clock) return;
    const now = clock.kind === 'real' ? clock.at + (performance.now() - clock.readAt) * clock.scale : clock.at;
    byId('clock-now').textContent = `${clock.kind} clock: ${dateTime(now)}${clock.kind === 'real' && clock.scale !== 1 ? ` (×${clock.scale})` : ''}`;
  }
  byId('timezone').textContent = `times in ${zoneName()}`;
  setInterval(showClock, 1000);

  // ---- loaders: each reads from the control API and redraws its section ----
  async function loadClock() {
    const state = await api('/clock');
    clock = { kind: state.kind, at: Date.parse(state.now), readAt: performance.now(), scale: state.scale ?? 1 };
    showClock();
    (byId('advance-form') as HTMLElement).hidden = state.kind !== 'virtual';
  }

  async function loadScenarios() {
    const { data, files, active } = await api('/scenarios');
    const select = byId('scenario-name') as HTMLSelectElement;
    if (select.options.length === 1) { // only "none": it opens on none
      for (const entry of data as Json[]) select.append(h('option', { value: entry.name }, `${entry.name} (${entry.status || '—'})`));
      for (const name of files as string[]) select.append(h('option', { value: name }, `${name} (file)`));
    }
    const parts: string[] = [];
    if (active.all) parts.push(`everyone: ${active.all}`);
    for (const [org, name] of Object.entries(active.orgs)) parts.push(`org ${org}: ${name}`);
    for (const [key, name] of Object.entries(active.api_keys)) parts.push(`key ${key.slice(0, 14)}…: ${name}`);
    byId('scenario-active').textContent = parts.length ? `Active: ${parts.join('; ')}` : 'Active: none';
  }

  async function loadOrgs() {
    const { data } = await api('/orgs');
    orgStates = await Promise.all((data as Json[]).slice(0, 50).map((o) => api(`/orgs/${o.org_id}`)));
    const rows = orgStates.map((o) =>
      h('tr', {},
        h('td', {}, String(o.org_id)),
        h('td', {}, o.name),
        h('td', {}, ...(o.keys ?? []).map((k: Json) => h('div', { class: k.revoked ? 'revoked' : '' }, h('code', {}, k.key), ` ${k.provider}${k.role ? ' ' + k.role : ''}${k.revoked ? ' (revoked)' : ''}`))),
        h('td', {}, ...o.sfvopi.numbers.map((n: Json) => {
          const link = o.sfvopi.links.find((l: Json) => l.voip_number === n.voipNumber);
          return h('div', {}, n.voipNumber, link ? ` → ${link.app_id}` : '');
        })),
        h('td', {}, ...o.sfvopi.apps.map((a: Json) => h('div', {}, `${a.name} `, h('code', {}, a.app_id)))),
        h('td', { class: 'num' }, `$${Number(o.voxifi.balance).toFixed(2)}`),
      ));
    byId('orgs-body').replaceChildren(...rows);
    renderVoxifiCalls();
    fillScopes();
    fillJournalOrgs();
  }

  function fillScopes() {
    const select = byId('scenario-scope') as HTMLSelectElement;
    const kept = select.value;
    const options = [h('option', { value: 'all' }, 'everyone')];
    for (const o of orgStates) {
      options.push(h('option', { value: `org:${o.org_id}` }, `organisation ${o.org_id} (${o.name})`));
      for (const k of o.keys ?? []) options.push(h('option', { value: `key:${k.key}` }, `key ${k.key.slice(0, 14)}… (${k.provider}${k.role ? ' ' + k.role : ''}, org ${o.org_id})`));
    }
    select.replaceChildren(...options);
    if ([...select.options].some((o) => o.value === kept)) select.value = kept;
  }

  function fillJournalOrgs() {
    const select = byId('journal-org') as HTMLSelectElement;
    const kept = select.value;
    select.replaceChildren(h('option', { value: '' }, 'any'), ...orgStates.map((o) => h('option', { value: String(o.org_id) }, `${o.org_id} ${o.name}`)));
    select.value = kept;
  }

  function renderVoxifiCalls() {
    const rows: HTMLElement[] = [];
    for (const o of orgStates) {
      for (const c of [...o.voxifi.calls].reverse().slice(0, 50)) {
        rows.push(h('tr', { 'data-call': c.id },
          h('td', {}, h('code', {}, c.id)),
          h('td', {}, String(o.org_id)),
          h('td', {}, `${c.from_number} → ${c.customer_number}`),
          h('td', {}, h('span', { class: `badge s-${c.status}` }, c.status)),
          h('td', { class: 'num' }, c.cost === null ? '—' : `$${Number(c.cost).toFixed(4)}`),
          h('td', {}, c.cost_status ?? '—'),
          h('td', {}, c.failure_reason ?? c.error_code ?? ''),
        ));
      }
    }
    byId('vx-calls-body').replaceChildren(...rows);
    byId('vx-balances').textContent = orgStates.map((o) => `org ${o.org_id}: $${Number(o.voxifi.balance).toFixed(2)}`).join(' · ');
  }

  const audios = new Map<string, HTMLElement>();
  async function loadCalls() {
    const { data } = await api('/sfvopi/calls');
    const cards = (data as Json[]).slice(0, 20).map((c) => {
      const s = c.stream;
      const events = h('ol', { class: 'timeline', 'aria-label': `Events of call ${c.call_uuid}` }, ...c.events.map((e: Json) => {
        const bits = [e.status !== undefined ? `HTTP ${e.status}` : '', e.message ?? '', e.detail?.duration_ms !== undefined ? `${e.detail.duration_ms} ms` : '',
          e.detail?.error ?? '', e.detail?.name ? `“${e.detail.name}”` : '', e.detail?.digit ? `digit ${e.detail.digit}` : ''].filter(Boolean).join(' · ');
        const line = [stamp(e.at), ` ${e.type}`, bits ? ` — ${bits}` : ''];
        if (/webhook/.test(e.type)) return h('li', { class: 'hook' }, webhookDetails(c.call_uuid, e, line));
        const warn = WARNINGS.has(e.type);
        return h('li', { class: warn ? 'warn' : /fail|timeout/.test(e.type) ? 'bad' : '' }, warn ? '⚠ ' : '', ...line);
      }));
      const notices = c.events.filter((e: Json) => e.type === 'stream_defaults').map((e: Json) => h('p', { class: 'warn', role: 'note' }, `⚠ ${e.message}`));
      let audio: HTMLElement | null = null;
      if (s && c.ended) {
        audio = audios.get(c.call_uuid) ?? h('audio', { controls: true, preload: 'none', src: `${BASE}/sfvopi/calls/${encodeURIComponent(c.call_uuid)}/recording.wav`, 'aria-label': `Recording of call ${c.call_uuid}` });
        audios.set(c.call_uuid, audio);
      }
      return h('article', { class: 'call', 'data-call': c.call_uuid, 'data-status': c.status },
        h('h3', {}, `${c.direction} ${c.from} → ${c.to} `, h('span', { class: `badge s-${c.status}` }, c.status), c.ended ? ' ended' : ' live'),
        h('p', { class: 'meta' }, h('code', {}, c.call_uuid), ` org ${c.org_id} · app ${c.app_id}`, c.failure ? ` · ${c.failure}` : ''),
        ...notices,
        s ? h('p', { class: 'stream' }, `stream ${s.codec}/${s.sample_rate}: frames out ${s.media_sent} · playAudio in ${s.play_received} · played ${s.played_ms} ms · DTMF sent ${s.dtmf_sent}${s.close_reason ? ' · closed: ' + s.close_reason : ''}`) : null,
        events,
        audio,
      );
    });
    byId('calls-list').replaceChildren(...(cards.length ? cards : [h('p', {}, 'No SFVoPI calls yet.')]));
  }

  // Events that mean the call is not doing what its Stream JSON's author likely meant.
  const WARNINGS = new Set(['stream_defaults', 'play_ignored']);

  /** A webhook line opens to what was sent where, and what came back. */
  function webhookDetails(callUuid: string, e: Json, line: Array<Node | string>): HTMLElement {
    const d = e.detail ?? {};
    const rows: Array<[string, string]> = [['request', `${d.method ?? 'POST'} ${d.url ?? '—'}`]];
    if (d.which) rows.push(['webhook', d.which]);
    rows.push(['answer', e.status !== undefined ? `HTTP ${e.status}` : d.error ? `no answer: ${d.error}` : (e.message ?? '—')]);
    if (d.duration_ms !== undefined) rows.push(['took', `${d.duration_ms} ms`]);
    if (d.body !== undefined) rows.push(['answer body', d.body === '' ? '(empty)' : d.body]);
    for (const v of (d.violations ?? []) as Json[]) rows.push(['violation', `${v.location} ${v.message}`]);
    return h('details', { 'aria-label': `${e.type} of call ${callUuid}` },
      h('summary', {}, ...line),
      h('dl', {}, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
  }

  async function loadDeliveries() {
    const { data } = await api('/voxifi/deliveries');
    const rows = (data as Json[]).map((d) => h('tr', { 'data-delivery': d.id, class: d.dead_lettered ? 'dead' : '' },
      h('td', {}, h('code', {}, d.id)),
      h('td', {}, String(d.org_id)),
      h('td', {}, d.event_type),
      h('td', {}, d.url ?? '—'),
      h('td', {}, h('span', { class: `badge d-${d.status}` }, d.status), d.dead_lettered ? ' dead letter' : ''),
      h('td', {}, h('ol', { class: 'attempts' }, ...d.attempts.map((a: Json) => h('li', {}, `#${a.attempt} `, stamp(a.at), ` → ${a.response_code ?? a.error ?? '—'} (${a.duration_ms} ms)`)))),
      h('td', {}, d.dead_lettered ? h('button', { type: 'button', 'aria-label': `Replay delivery ${d.id}`, click: () => act(`Replayed ${d.id}`, () => api(`/voxifi/deliveries/${d.id}/replay`, { method: 'POST', body: '{}' })) }, 'Replay') : null),
    ));
    byId('deliveries-body').replaceChildren(...rows);
  }

  async function loadJournal() {
    const { data } = await api('/journal?limit=500');
    journal = data;
    const ops = byId('journal-op') as HTMLSelectElement;
    const kept = ops.value;
    const names = [...new Set(journal.map((e) => e.operation_id).filter(Boolean))].sort();
    ops.replaceChildren(h('option', { value: '' }, 'any'), ...names.map((n) => h('option', { value: n }, n)));
    ops.value = names.includes(kept) ? kept : '';
    renderJournal();
  }

  function renderJournal() {
    const org = (byId('journal-org') as HTMLSelectElement).value;
    const op = (byId('journal-op') as HTMLSelectElement).value;
    const status = (byId('journal-status') as HTMLInputElement).value.trim().toLowerCase();
    const quiet = (byId('journal-quiet') as HTMLInputElement).checked;
    const matchesStatus = (s: number) => status === '' || (/^[1-5]xx$/.test(status) ? String(s)[0] === status[0] : String(s) === status);
    const rows = journal
      .filter((e) => !(quiet && e.method === 'GET' && e.path.startsWith(BASE)))
      .filter((e) => (org === '' || String(e.org_id) === org) && (op === '' || e.operation_id === op) && matchesStatus(e.status))
      .slice(0, 100)
      .map((e) => h('tr', { class: e.violations.length ? 'violation' : e.matched ? '' : 'unmatched' },
        h('td', {}, stamp(e.at)),
        h('td', {}, e.method),
        h('td', {}, e.path, e.note ? h('div', { class: 'note' }, `⚠ ${e.note}`) : null),
        h('td', { class: 'num' }, String(e.status)),
        h('td', {}, e.operation_id ?? '(no route)'),
        h('td', {}, e.org_id === null ? '' : String(e.org_id)),
        h('td', {}, e.scenario ?? ''),
        h('td', {}, ...e.violations.map((v: Json) => h('div', {}, '⚠ ', h('code', {}, v.location), ` ${v.message}`))),
      ));
    byId('journal-body').replaceChildren(...rows);
  }

  // ---- refreshing: one read in flight per section; changes meanwhile cause one more ----
  const loaders: Record<string, () => Promise<void>> = { clock: loadClock, scenarios: loadScenarios, orgs: loadOrgs, calls: loadCalls, deliveries: loadDeliveries, journal: loadJournal };
  const flights: Record<string, { running: boolean; again: boolean }> = {};
  function refresh(name: string) {
    const f = (flights[name] ??= { running: false, again: false });
    if (f.running) {
      f.again = true;
      return;
    }
    f.running = true;
    loaders[name]!().catch((e) => say(`Could not load ${name}: ${e.message}`, true)).finally(() => {
      f.running = false;
      if (f.again) {
        f.again = false;
        refresh(name);
      }
    });
  }
  const refreshAll = () => Object.keys(loaders).forEach(refresh);
  const TOPICS: Record<string, string[]> = {
    sfvCalls: ['calls'], vxDeliveries: ['deliveries'], vxWebhooks: ['deliveries', 'orgs'], journal: ['journal'],
    clock: ['clock'], scenarios: ['scenarios'], receivers: [],
  };

  async function act(done: string, run: () => Promise<unknown>) {
    try {
      await run();
      say(done);
    } catch (e: any) {
      say(e.message, true);
    }
  }

  // ---- controls ----
  byId('scenario-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const submitter = (e as SubmitEvent).submitter as HTMLButtonElement | null;
    const off = submitter?.value === 'off';
    const scenario = off ? null : (byId('scenario-name') as HTMLSelectElement).value;
    if (scenario === '') {
      say('Choose a scenario to switch on', true);
      return;
    }
    const scope = (byId('scenario-scope') as HTMLSelectElement).value;
    const body: Json = { scenario };
    if (scope.startsWith('org:')) body.org_id = Number(scope.slice(4));
    if (scope.startsWith('key:')) body.api_key = scope.slice(4);
    void act(off ? 'Scenario switched off' : `Scenario ${scenario} switched on`, () => api('/scenarios/active', { method: 'PUT', body: JSON.stringify(body) }));
  });
  byId('advance-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const ms = Number((byId('advance-ms') as HTMLInputElement).value);
    void act(`Clock advanced ${ms} ms`, () => api('/clock/advance', { method: 'POST', body: JSON.stringify({ ms }) }));
  });
  byId('reset').addEventListener('click', () => {
    if (!confirm('Drop all state and re-seed?')) return;
    void act('Reset', () => api('/reset', { method: 'POST', body: '{}' }));
  });
  for (const id of ['journal-org', 'journal-op', 'journal-quiet']) byId(id).addEventListener('change', renderJournal);
  byId('journal-status').addEventListener('input', renderJournal);
  byId('journal-filter').addEventListener('submit', (e) => e.preventDefault());

  // ---- live ----
  const live = byId('live');
  const events = new EventSource(`${BASE}/events`);
  events.addEventListener('ready', () => {
    live.textContent = 'live';
    document.body.dataset.live = 'true';
    refreshAll();
  });
  events.addEventListener('change', (e) => {
    const { topics } = JSON.parse((e as MessageEvent).data) as { topics: string[] };
    const names = new Set<string>();
    for (const t of topics) {
      if (t === 'reset') Object.keys(loaders).forEach((n) => names.add(n));
      else for (const n of TOPICS[t] ?? ['orgs']) names.add(n);
    }
    names.forEach(refresh);
  });
  events.addEventListener('error', () => {
    live.textContent = 'reconnecting…';
    document.body.dataset.live = 'false';
  });
}
