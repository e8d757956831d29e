// Records carry internal fields (owner org, list position, secret, signed body) that the
// contract's closed schemas do not allow; these give the public shape.
import type { VxAgent, VxCall, VxCampaign, VxDelivery, VxPhoneNumber, VxTransaction, VxWebhook } from '../voxifi/model.ts';

export const callView = ({ orgId: _o, seq: _s, ...rest }: VxCall) => rest;
export const agentView = ({ orgId: _o, ...rest }: VxAgent) => rest;
export const numberView = ({ orgId: _o, ...rest }: VxPhoneNumber) => rest;
export const transactionView = ({ orgId: _o, seq: _s, ...rest }: VxTransaction) => rest;
export const webhookView = ({ orgId: _o, secret: _s, ...rest }: VxWebhook) => rest;
export const deliveryView = ({ orgId: _o, seq: _s, body: _b, ...rest }: VxDelivery) => rest;
export const campaignView = ({ orgId: _o, ...rest }: VxCampaign) => rest;
