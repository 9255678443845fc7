import { describe, expect, it } from 'vitest';
import { servicesHere, statusFileSchema } from './config.js';

const file = (url: string) =>
  statusFileSchema.safeParse({
    services: [
      { name: 'api', probe: { kind: 'http', url } },
      { name: 'disk', probe: { kind: 'internal', part: 'disk' } },
    ],
  });

describe('a service that probes the daemon itself ({served})', () => {
  it('is probed at the URL the daemon listens on, and left out where no daemon serves the engine', () => {
    const parsed = file('{served}/api/health');
    expect(parsed.success).toBe(true);
    const services = parsed.data!.services;
    const served = servicesHere(services, 'http://127.0.0.1:4242');
    expect(served.map((s) => s.name)).toEqual(['api', 'disk']);
    expect(served[0]!.probe).toMatchObject({ kind: 'http', url: 'http://127.0.0.1:4242/api/health' });
    expect(servicesHere(services, null).map((s) => s.name)).toEqual(['disk']);
  });

  it('must still make a URL', () => {
    const bad = file('{served}x:y/health');
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/not an http/);
  });
});
