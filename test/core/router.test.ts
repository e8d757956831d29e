// The one route table's matcher, on its own: which route a method and path reach, with which
// parameters. Overlapping routes are given in both orders: the answer must not depend on it.
import { describe, expect, it } from 'vitest';
import { createRouter, type RouteSpec } from '../../src/core/router.ts';

interface Named extends RouteSpec {
  name: string;
}

const op = (method: string, path: string, name = `${method} ${path}`): Named => ({ method, path, name });

const OPERATIONS: Named[] = [
  op('GET', '/sfv/apps'),
  op('POST', '/sfv/apps'),
  op('GET', '/sfv/apps/{app_id}'),
  op('PUT', '/sfv/apps/{app_id}'),
  op('DELETE', '/sfv/apps/{app_id}'),
  op('GET', '/sfv/apps/search'), // a literal where GET /sfv/apps/{app_id} has its parameter
  op('DELETE', '/sfv/apps/{app_id}/numbers/{voip_number}'),
  op('GET', '/sfv/numbers/{voip_number}/app'),
  op('GET', '/ctl/calls/{call_uuid}'),
  op('POST', '/ctl/calls/inbound'),
  op('GET', '/ctl/{kind}/latest'), // overlaps the next at two positions: the leftmost literal decides
  op('GET', '/ctl/calls/{call_uuid}/x'),
  op('GET', '/ctl/{kind}/{id}/x'),
  op('GET', '/'),
];

const PREFIXES = [
  { prefix: '/sfv/', route: op('*', '/sfv/', 'sfv 404') },
  { prefix: '/ctl/', route: op('*', '/ctl/', 'ctl 404') },
  { prefix: '/ctl/receivers/', route: op('*', '/ctl/receivers/', 'receivers 404') },
];

type Expected = { name: string; params?: Record<string, string> } | undefined;

const CASES: Array<[string, string, Expected]> = [
  // plain matches, by method
  ['GET', '/sfv/apps', { name: 'GET /sfv/apps', params: {} }],
  ['POST', '/sfv/apps', { name: 'POST /sfv/apps', params: {} }],
  ['GET', '/sfv/apps/a1', { name: 'GET /sfv/apps/{app_id}', params: { app_id: 'a1' } }],
  ['PUT', '/sfv/apps/a1', { name: 'PUT /sfv/apps/{app_id}', params: { app_id: 'a1' } }],
  ['DELETE', '/sfv/apps/a1', { name: 'DELETE /sfv/apps/{app_id}', params: { app_id: 'a1' } }],
  // same path, a method nobody declared: the provider's prefix answers (its 404)
  ['PATCH', '/sfv/apps/a1', { name: 'sfv 404' }],
  ['POST', '/ctl/calls/c1', { name: 'ctl 404' }],
  // a literal segment beats a parameter at the same position
  ['GET', '/sfv/apps/search', { name: 'GET /sfv/apps/search', params: {} }],
  ['GET', '/sfv/apps/searching', { name: 'GET /sfv/apps/{app_id}', params: { app_id: 'searching' } }],
  ['POST', '/ctl/calls/inbound', { name: 'POST /ctl/calls/inbound', params: {} }],
  ['GET', '/ctl/calls/inbound', { name: 'GET /ctl/calls/{call_uuid}', params: { call_uuid: 'inbound' } }],
  ['GET', '/ctl/calls/latest', { name: 'GET /ctl/calls/{call_uuid}', params: { call_uuid: 'latest' } }],
  ['GET', '/ctl/orgs/latest', { name: 'GET /ctl/{kind}/latest', params: { kind: 'orgs' } }],
  // the leftmost literal decides between two partly literal routes
  ['GET', '/ctl/calls/c1/x', { name: 'GET /ctl/calls/{call_uuid}/x', params: { call_uuid: 'c1' } }],
  ['GET', '/ctl/orgs/o1/x', { name: 'GET /ctl/{kind}/{id}/x', params: { kind: 'orgs', id: 'o1' } }],
  // several parameters
  ['DELETE', '/sfv/apps/a1/numbers/%2B918000000001', { name: 'DELETE /sfv/apps/{app_id}/numbers/{voip_number}', params: { app_id: 'a1', voip_number: '+918000000001' } }],
  // percent-encoded segments: parameters are decoded, literals compared as sent (as msw does)
  ['GET', '/sfv/numbers/%2B91%2080/app', { name: 'GET /sfv/numbers/{voip_number}/app', params: { voip_number: '+91 80' } }],
  ['GET', '/sfv/numbers/a%2Fb/app', { name: 'GET /sfv/numbers/{voip_number}/app', params: { voip_number: 'a/b' } }],
  ['GET', '/sfv/numbers/%E0%A4/app', { name: 'GET /sfv/numbers/{voip_number}/app', params: { voip_number: '%E0%A4' } }],
  ['GET', '/sfv/%61pps', { name: 'sfv 404' }],
  // a trailing slash is the same route; an empty segment is no parameter
  ['GET', '/sfv/apps/', { name: 'GET /sfv/apps', params: {} }],
  ['GET', '/sfv/apps/a1/', { name: 'GET /sfv/apps/{app_id}', params: { app_id: 'a1' } }],
  ['GET', '/sfv/numbers//app', { name: 'sfv 404' }],
  ['GET', '/', { name: 'GET /', params: {} }],
  // provider prefixes: everything under one that matches no operation, the bare prefix too; the longer prefix wins
  ['GET', '/sfv/nothing/here', { name: 'sfv 404' }],
  ['GET', '/sfv', { name: 'sfv 404' }],
  ['GET', '/sfv/', { name: 'sfv 404' }],
  ['GET', '/ctl/receivers/r1', { name: 'receivers 404' }],
  ['GET', '/ctl/receivers', { name: 'receivers 404' }],
  ['GET', '/ctl/other', { name: 'ctl 404' }],
  // outside every prefix: nobody's
  ['GET', '/sfvx/apps', undefined],
  ['GET', '/elsewhere', undefined],
  ['get', '/sfv/apps', { name: 'sfv 404' }], // methods arrive upper case (Request normalises them)
];

const shown = (match: ReturnType<ReturnType<typeof createRouter<Named>>>) => match && { name: match.route.name, params: match.params };

describe('router', () => {
  for (const [order, operations, prefixes] of [
    ['as given', OPERATIONS, PREFIXES],
    ['reversed', [...OPERATIONS].reverse(), [...PREFIXES].reverse()],
  ] as const) {
    describe(`routes ${order}`, () => {
      const router = createRouter<Named>(operations, prefixes);
      it.each(CASES)('%s %s', (method, path, expected) => {
        const match = shown(router(method, path));
        if (expected === undefined) expect(match).toBeUndefined();
        else if (expected.params === undefined) expect(match?.name).toBe(expected.name);
        else expect(match).toEqual(expected);
      });
    });
  }

  it('without prefixes, a path no operation matches is nobody\'s', () => {
    const router = createRouter<Named>(OPERATIONS, []);
    expect(router('GET', '/sfv/nothing')).toBeUndefined();
    expect(router('PATCH', '/sfv/apps/a1')).toBeUndefined();
  });
});
