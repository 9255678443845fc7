import type { Registry } from 'prom-client';
import type { MetricSample } from './area.js';

type Prom = typeof import('prom-client');

export interface MetricSource {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  labelNames?: readonly string[];
  /** Read at scrape time. */
  collect(): MetricSample[];
}

/**
 * The engine's metrics: one prom-client registry per engine (tests open several in one process), each area's
 * metrics in it. prom-client is loaded at the first scrape, so a console that never serves /metrics never
 * loads it.
 */
export class Metrics {
  private readonly sources = new Map<string, MetricSource>();
  private loaded: Promise<{ prom: Prom; registry: Registry }> | null = null;

  add(source: MetricSource): void {
    if (this.sources.has(source.name)) throw new Error(`metric ${source.name} is registered twice`);
    this.sources.set(source.name, source);
    void this.loaded?.then(({ prom, registry }) => register(prom, registry, source));
  }

  /** The Prometheus text exposition of every metric, and its content type. */
  async render(): Promise<{ contentType: string; text: string }> {
    this.loaded ??= import('prom-client').then((prom) => {
      const registry = new prom.Registry();
      for (const s of this.sources.values()) register(prom, registry, s);
      return { prom, registry };
    });
    const { registry } = await this.loaded;
    return { contentType: registry.contentType, text: await registry.metrics() };
  }
}

function register(prom: Prom, registry: Registry, m: MetricSource): void {
  const labelNames = [...(m.labelNames ?? [])];
  if (m.type === 'gauge') {
    new prom.Gauge({
      name: m.name,
      help: m.help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const s of m.collect()) s.labels ? this.set(s.labels, s.value) : this.set(s.value);
      },
    });
    return;
  }
  new prom.Counter({
    name: m.name,
    help: m.help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const s of m.collect()) s.labels ? this.inc(s.labels, s.value) : this.inc(s.value);
    },
  });
}
