// Bulk campaigns from a CSV of contacts, with the documented rules and messages: a header row,
// a `phone_number` column (`Missing phone_number column`), every number E.164
// (`Invalid phone number on row X`), at most 10 MB and 10,000 contacts (`File too large`).
// Other columns become call variables named after their header. A new campaign is a draft;
// start, pause and cancel drive it (campaign-runner.ts).
import type { components } from '../generated/openapi.ts';
import type { MockContext } from '../core/context.ts';
import { fail, type OperationRequest } from '../core/operation.ts';
import { isoMillis } from '../core/clock.ts';
import { isE164 } from '../core/phone.ts';
import { findAgent } from './agents.ts';
import { csvRecords } from './csv.ts';
import { ERRORS, ok, vxError, type VxAuth } from './provider.ts';
import { campaignView } from './views.ts';
import { invalidCursor, limitOf } from './paging.ts';
import { cancelCampaign, DEFAULT_CAMPAIGN_CONCURRENCY, mayChange, newProgress, pauseCampaign, startCampaign, type CampaignAction } from './campaign-runner.ts';

type Req = OperationRequest<VxAuth>;
type Contact = NonNullable<components['schemas']['VxCampaign']['contacts']>[number];

export const MAX_CSV_BYTES = 10 * 1024 * 1024;
export const MAX_CSV_ROWS = 10_000;
/** The operation's body limit: a 10 MB CSV plus its JSON escaping and the other fields. */
export const CAMPAIGN_MAX_BODY_BYTES = 11 * 1024 * 1024;

/** UTF-8 length without encoding a copy of the file. */
function csvBytes(text: string): number {
  if (text.length * 3 <= MAX_CSV_BYTES) return text.length; // cheap bound: at most 3 bytes per UTF-16 unit
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

/**
 * A copy of a cell's text that does not hold on to the file: V8 makes a slice of 13 characters
 * or more a view of its parent, so a kept contact would keep the whole CSV alive.
 */
const own = (text: string) => (text.length < 13 ? text : (' ' + text).slice(1));

/** What a kept contact costs in memory, roughly: the object, its strings (UTF-16) and one entry per variable. */
const CONTACT_BYTES = 96;
const VARIABLE_BYTES = 40;
export const contactCost = (phone: string, variables: Record<string, string>) => {
  let cost = CONTACT_BYTES + 2 * phone.length;
  for (const value of Object.values(variables)) cost += VARIABLE_BYTES + 2 * value.length;
  return cost;
};

/** Past maxCampaignBytes: the provider's 500, with voicemock's reason in details (as for maxRecordsPerOrg). */
export const campaignBytesReached = (max: number) =>
  vxError(500, 'server_error', 'Server Error', {
    details: [{ path: '', message: `campaign contacts would take more than ${max} bytes (voicemock maxCampaignBytes); reset the mock or raise --max-campaign-bytes` }],
  });

/**
 * Row numbers count the header as row 1, as a spreadsheet shows them, and count blank lines
 * too, so "row X" is the row the user sees when opening the file (a record spanning lines
 * through a quoted newline is one row). Two passes over the text, keeping only contacts: the
 * first counts rows (the size message comes before any row's), the second builds contacts,
 * each costed against `budget` bytes before it is kept.
 */
export function contactsFromCsv(text: string, budget = Infinity): { contacts: Contact[]; bytes: number } {
  if (csvBytes(text) > MAX_CSV_BYTES) fail(ERRORS.invalidCsv('File too large'));
  const first: string[] = csvRecords(text).next().value ?? [];
  const header = first.map((h) => h.trim());
  const phoneColumn = header.indexOf('phone_number');
  if (phoneColumn < 0) fail(ERRORS.invalidCsv('Missing phone_number column'));
  const width = header.length;
  const named = header.flatMap((name, column) => (column !== phoneColumn && name !== '' ? [column] : []));
  // Rows over the limit get the documented size message; the docs give none for row count.
  let rows = 0;
  for (const cells of csvRecords(text, { maxFields: 1 })) {
    if (cells.length > 0 && ++rows > MAX_CSV_ROWS + 1) fail(ERRORS.invalidCsv('File too large'));
  }
  const contacts: Contact[] = [];
  let bytes = 0;
  let row = 0;
  for (const cells of csvRecords(text, { maxFields: width })) {
    row++;
    if (row === 1 || cells.length === 0) continue;
    const phone = (cells[phoneColumn] ?? '').trim();
    if (!isE164(phone)) fail(ERRORS.invalidCsv(`Invalid phone number on row ${row}`));
    // Costed before the variables are built: a wide header times many rows is refused early.
    if (bytes + CONTACT_BYTES + named.length * VARIABLE_BYTES > budget) return { contacts, bytes: Infinity };
    const variables: Record<string, string> = {};
    for (const column of named) variables[header[column]!] = own((cells[column] ?? '').trim());
    bytes += contactCost(phone, variables);
    contacts.push({ phone_number: own(phone), variables });
  }
  return { contacts, bytes };
}

export function findCampaign(ctx: MockContext, orgId: number, campaignId: string) {
  const campaign = ctx.store.vxCampaigns.get(campaignId);
  if (!campaign || campaign.orgId !== orgId) fail(ERRORS.notFound());
  return campaign;
}

/**
 * Newest first, a page at a time (`limit`, `cursor`: the id of the last campaign of the previous
 * page). Contacts are left out unless `include=contacts`; then a page also stops before its
 * contacts pass MAX_CSV_ROWS (one full campaign at least), so no answer grows with the store.
 */
export function listCampaigns({ ctx, auth, query }: Req) {
  const mine = ctx.store.vxCampaigns.where('orgId', auth.orgId);
  const cursor = query.get('cursor');
  let start = mine.length - 1;
  if (cursor !== null) {
    const at = mine.findIndex((c) => c.id === cursor);
    if (at < 0) invalidCursor();
    start = at - 1;
  }
  const withContacts = query.get('include') === 'contacts';
  const limit = limitOf(query);
  const data = [];
  let contacts = 0;
  let i = start;
  for (; i >= 0 && data.length < limit; i--) {
    const campaign = mine[i]!;
    if (withContacts) {
      if (data.length > 0 && contacts + campaign.contacts.length > MAX_CSV_ROWS) break;
      contacts += campaign.contacts.length;
      data.push(campaignView(campaign));
    } else {
      const { contacts: _c, ...summary } = campaignView(campaign);
      data.push(summary);
    }
  }
  const has_more = i >= 0;
  return ok({ data, has_more, next_cursor: has_more ? mine[i + 1]!.id : null });
}

export async function createCampaign({ ctx, auth, body }: Req) {
  const input = body<components['schemas']['VxCreateCampaignRequest']>();
  const max = ctx.config.maxRecordsPerOrg;
  if (ctx.store.vxCampaigns.countWhere('orgId', auth.orgId) >= max) fail(ERRORS.limitReached('campaigns', max));
  const agent = findAgent(ctx, auth.orgId, input.assistant_id);
  // Its calls will need a from number; refusing now beats failing every contact later.
  if (agent.phone_number === null) fail(ERRORS.noPhoneNumberAssigned());
  const runtime = ctx.engines.voxifiCampaigns;
  const budget = ctx.config.maxCampaignBytes - runtime.contactBytes;
  const { contacts, bytes } = contactsFromCsv(input.csv, budget);
  if (bytes > budget) fail(campaignBytesReached(ctx.config.maxCampaignBytes));
  runtime.contactBytes += bytes;
  const campaign = await ctx.store.vxCampaigns.insert({
    id: `cmp_${ctx.ids.token(14)}`,
    orgId: auth.orgId,
    name: input.name,
    assistant_id: agent.id,
    status: 'draft',
    concurrency: input.concurrency ?? DEFAULT_CAMPAIGN_CONCURRENCY,
    progress: newProgress(contacts.length),
    contacts,
    created_at: isoMillis(ctx.clock.now()),
  });
  return ok(campaignView(campaign));
}

export function getCampaign({ ctx, auth, params }: Req) {
  return ok(campaignView(findCampaign(ctx, auth.orgId, params.campaign_id!)));
}

const campaignState = (status: string) => vxError(400, 'invalid_campaign_state', `Campaign is ${status}`);

function changeCampaign(action: CampaignAction) {
  return async ({ ctx, auth, params }: Req) => {
    const campaign = findCampaign(ctx, auth.orgId, params.campaign_id!);
    if (!mayChange(campaign, action)) fail(campaignState(campaign.status));
    if (action === 'start') await startCampaign(ctx, campaign);
    else if (action === 'pause') pauseCampaign(ctx, campaign);
    else cancelCampaign(ctx, campaign);
    return ok(campaignView(campaign));
  };
}

export const startCampaignOperation = changeCampaign('start');
export const pauseCampaignOperation = changeCampaign('pause');
export const cancelCampaignOperation = changeCampaign('cancel');
