// JsonResponse makes its Fetch body only when read: whoever reads it sees an ordinary Response.
import { describe, expect, it } from 'vitest';
import { json, JsonResponse } from '../../src/core/operation.ts';

describe('JsonResponse', () => {
  it('reads like a Response, once, through every body method', async () => {
    const response = json(201, { a: 1 }, { 'x-extra': 'yes' });
    expect(response).toBeInstanceOf(JsonResponse);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.bodyUsed).toBe(false);
    const copy = response.clone();
    expect(await response.json()).toEqual({ a: 1 });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(copy.headers.get('x-extra')).toBe('yes');
    expect(new TextDecoder().decode(await copy.arrayBuffer())).toBe('{"a":1}');
    const streamed = json(200, [1, 2]);
    expect(await new Response(streamed.body).text()).toBe('[1,2]');
    expect((streamed as JsonResponse).jsonText).toBe('[1,2]');
    expect(streamed.bodyUsed).toBe(true);
    const blob = await json(200, { b: 2 }).blob();
    expect(blob.type).toBe('application/json');
    expect(await blob.text()).toBe('{"b":2}');
    const handedOut = json(200, { c: 3 });
    expect(handedOut.body).not.toBeNull(); // a stream made, not read: text() still reads it
    expect(await handedOut.text()).toBe('{"c":3}');
    expect(handedOut.bodyUsed).toBe(true);
    const read = json(200, {});
    await read.text();
    expect(read.body).toBeNull();
  });
});
