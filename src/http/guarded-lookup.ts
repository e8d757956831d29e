// The outbound guard after DNS (Node only): a `lookup` for node:net connections that refuses a
// name resolving to a link-local or metadata address, which the check on the URL as written
// cannot see (`ws://my-metadata-alias/`, a rebinding name).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { refusedAddress, type OutboundAccess } from '../webhooks/url-guard.ts';

type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type Lookup = (hostname: string, options: LookupOptions, callback: Callback) => void;

export function guardedLookup(access: OutboundAccess, base: Lookup = dnsLookup as unknown as Lookup): Lookup {
  return (hostname, options, callback) => {
    base(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const all = Array.isArray(address) ? address.map((a) => a.address) : [address];
      for (const a of all) {
        const reason = refusedAddress(hostname, a, access);
        if (reason) return callback(Object.assign(new Error(reason), { code: 'EVOICEMOCKREFUSED' }), address, family);
      }
      callback(null, address, family);
    });
  };
}

/** Resolves the URL's host through `lookup` and throws when refused: for fetch, which takes no lookup hook without undici. */
export async function checkResolved(url: string, lookup: Lookup): Promise<void> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return;
  }
  await new Promise<void>((resolve, reject) => {
    lookup(host, { all: true }, (error) => (error && (error as { code?: string }).code === 'EVOICEMOCKREFUSED' ? reject(error) : resolve()));
  });
}

/** Global fetch behind the resolved-address check; a refusal is a failed connection, as for a dead host. */
export function guardedFetch(access: OutboundAccess, network: typeof fetch = globalThis.fetch.bind(globalThis), base?: Lookup): typeof fetch {
  const lookup = guardedLookup(access, base);
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    try {
      await checkResolved(url, lookup);
    } catch (error) {
      throw new TypeError('fetch failed', { cause: error });
    }
    return network(input, init);
  };
}
