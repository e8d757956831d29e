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
import { parseCsv } from './csv.ts';
import { ERRORS, ok, vxError, type VxAuth } from './provider.ts';
import { campaignView } from './views.ts';
import { cancelCampaign, DEFAULT_CAMPAIGN_CONCURRENCY, mayChange, newProgress, pauseCampaign, startCampaign, type CampaignAction } from './campaign-runner.ts';

type Req = OperationRequest<VxAuth>;
type Contact = components['schemas']['VxCampaign']['contacts'][number];

export const MAX_CSV_BYTES = 10 * 1024 * 1024;
export const MAX_CSV_ROWS = 10_000;
/** The operation's body limit: a 10 MB CSV plus its JSON escaping and the other fields. */
export const CAMPAIGN_MAX_BODY_BYTES = 11 * 1024 * 1024;

function csvBytes(text: string): number {
  // Cheap bound first: UTF-8 needs at most 3 bytes per UTF-16 unit.
  return text.length * 3 <= MAX_CSV_BYTES ? text.length : new TextEncoder().encode(text).length;
}

/**
 * Row numbers count the header as row 1, as a spreadsheet shows them, and count blank lines
 * too, so "row X" is the row the user sees when opening the file (a record spanning lines
 * through a quoted newline is one row).
 */
export function contactsFromCsv(text: string): Contact[] {
  if (csvBytes(text) > MAX_CSV_BYTES) fail(ERRORS.invalidCsv('File too large'));
  const rows = parseCsv(text);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const phoneColumn = header.indexOf('phone_number');
  if (phoneColumn < 0) fail(ERRORS.invalidCsv('Missing phone_number column'));
  const dataRows = rows.slice(1);
  // Rows over the limit get the documented size message; the docs give none for row count.
  if (dataRows.filter((r) => r.length > 0).length > MAX_CSV_ROWS) fail(ERRORS.invalidCsv('File too large'));
  const contacts: Contact[] = [];
  dataRows.forEach((cells, index) => {
    if (cells.length === 0) return;
    const phone = (cells[phoneColumn] ?? '').trim();
    if (!isE164(phone)) fail(ERRORS.invalidCsv(`Invalid phone number on row ${index + 2}`));
    const variables: Record<string, string> = {};
    header.forEach((name, column) => {
      if (column !== phoneColumn && name !== '') variables[name] = (cells[column] ?? '').trim();
    });
    contacts.push({ phone_number: phone, variables });
  });
  return contacts;
}

export function findCampaign(ctx: MockContext, orgId: number, campaignId: string) {
  const campaign = ctx.store.vxCampaigns.get(campaignId);
  if (!campaign || campaign.orgId !== orgId) fail(ERRORS.notFound());
  return campaign;
}

export function listCampaigns({ ctx, auth }: Req) {
  return ok({ data: ctx.store.vxCampaigns.where('orgId', auth.orgId).map(campaignView) });
}

export async function createCampaign({ ctx, auth, body }: Req) {
  const input = body<components['schemas']['VxCreateCampaignRequest']>();
  const max = ctx.config.maxRecordsPerOrg;
  if (ctx.store.vxCampaigns.countWhere('orgId', auth.orgId) >= max) fail(ERRORS.limitReached('campaigns', max));
  const agent = findAgent(ctx, auth.orgId, input.assistant_id);
  // Its calls will need a from number; refusing now beats failing every contact later.
  if (agent.phone_number === null) fail(ERRORS.noPhoneNumberAssigned());
  const contacts = contactsFromCsv(input.csv);
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
