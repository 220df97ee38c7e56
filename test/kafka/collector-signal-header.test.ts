/**
 * The Collector kafka exporter's `signal_header: true` marks each record with `otelcol.signal`, so that one topic
 * can carry several signals. The consumer reads a record's signal from that header, else from its topic's place in
 * KAFKA_TOPICS; a topic named for several signals needs the header. End to end: collector-real.test.ts ('shared').
 */
import { describe, expect, it } from 'vitest';
import { signalFromHeaders, signalResolver } from '../../src/ingest/kafka/signal-header.js';

describe('otelcol.signal header', () => {
  it('reads the signal from a Buffer or string header; profiles and unknown values are not ingested; absent is undefined', () => {
    expect(signalFromHeaders({ 'otelcol.signal': Buffer.from('metrics') })).toBe('metrics');
    expect(signalFromHeaders({ 'otelcol.signal': 'traces' })).toBe('traces');
    expect(signalFromHeaders({ 'otelcol.signal': [Buffer.from('logs')] })).toBe('logs');
    expect(signalFromHeaders({ 'otelcol.signal': Buffer.from('profiles') })).toBe('other');
    expect(signalFromHeaders({ other: Buffer.from('x') })).toBeUndefined();
    expect(signalFromHeaders(undefined)).toBeUndefined();
  });
});

describe('a record\'s signal', () => {
  it('on separate topics: the topic\'s place, unless the header says otherwise', () => {
    const of = signalResolver(['s', 'm', 'l']);
    expect(of('s', {})).toEqual({ signal: 'traces' });
    expect(of('m', undefined)).toEqual({ signal: 'metrics' });
    expect(of('l', { 'otelcol.signal': Buffer.from('logs') })).toEqual({ signal: 'logs' });
    expect(of('s', { 'otelcol.signal': Buffer.from('logs') })).toEqual({ signal: 'logs' });
  });

  it('on a shared topic: the header; without it poison that says how to fix it; profiles skipped', () => {
    const of = signalResolver(['otlp', 'otlp', 'otlp']);
    expect(of('otlp', { 'otelcol.signal': Buffer.from('traces') })).toEqual({ signal: 'traces' });
    expect(of('otlp', { 'otelcol.signal': Buffer.from('metrics') })).toEqual({ signal: 'metrics' });
    expect(of('otlp', {})).toEqual({ poison: expect.stringContaining('signal_header: true') });
    expect(of('otlp', { 'otelcol.signal': Buffer.from('profiles') })).toHaveProperty('skip');
  });

  it('on a topic shared by two signals and a third apart', () => {
    const of = signalResolver(['a', 'a', 'l']);
    expect(of('l', {})).toEqual({ signal: 'logs' });
    expect(of('a', {})).toEqual({ poison: expect.stringContaining('traces, metrics') });
  });
});
