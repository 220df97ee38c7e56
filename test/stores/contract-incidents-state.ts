import { describe, expect, it } from 'vitest';
import { DAY0, incident, MIN } from './fixtures.js';
import type { GetStores } from './store-contract.js';

const at = (ms: number) => new Date(ms).toISOString();

export function incidentStateContract(get: GetStores): void {
  describe('IncidentStore', () => {
    it('saves, gets and replaces by id', async () => {
      const inc = incident();
      await get().incidents.save(inc);
      expect(await get().incidents.get('inc-1')).toEqual(inc);
      const resolved = { ...inc, status: 'resolved' as const, resolvedAt: at(DAY0 + 30 * MIN) };
      await get().incidents.save(resolved);
      expect(await get().incidents.get('inc-1')).toEqual(resolved);
      expect(await get().incidents.list()).toHaveLength(1);
      expect(await get().incidents.get('missing')).toBeNull();
    });

    it('lists newest first and filters by since, status and limit', async () => {
      await get().incidents.save(incident({ id: 'a', openedAt: at(DAY0) }));
      await get().incidents.save(incident({ id: 'c', openedAt: at(DAY0 + 20 * MIN), status: 'resolved', resolvedAt: at(DAY0 + 25 * MIN) }));
      await get().incidents.save(incident({ id: 'b', openedAt: at(DAY0 + 10 * MIN) }));
      const ids = async (q?: Parameters<ReturnType<GetStores>['incidents']['list']>[0]) => (await get().incidents.list(q)).map((i) => i.id);
      expect(await ids()).toEqual(['c', 'b', 'a']);
      expect(await ids({ status: 'open' })).toEqual(['b', 'a']);
      expect(await ids({ since: DAY0 + 10 * MIN })).toEqual(['c', 'b']);
      expect(await ids({ limit: 2 })).toEqual(['c', 'b']);
      expect(await ids({ since: DAY0 + MIN, status: 'open', limit: 5 })).toEqual(['b']);
    });

    it('feeds the documented v_incidents view', async () => {
      await get().incidents.save(incident({ id: 'v1', status: 'resolved', resolvedAt: at(DAY0 + 45 * MIN) }));
      const { rows } = await get().client.query<{ root_cause_service: string; anomaly_count: number; duration_minutes: number }>(
        `SELECT root_cause_service, anomaly_count, duration_minutes FROM v_incidents WHERE id = 'v1'`,
      );
      expect(rows).toEqual([{ root_cause_service: 'payments', anomaly_count: 1, duration_minutes: 45 }]);
    });
  });

  describe('StateStore', () => {
    it('puts, overwrites and gets JSON values; a missing key is null', async () => {
      expect(await get().state.get('watermark')).toBeNull();
      await get().state.put('watermark', { checkout: DAY0, nested: [1, 'two', null] });
      expect(await get().state.get('watermark')).toEqual({ checkout: DAY0, nested: [1, 'two', null] });
      await get().state.put('watermark', 42);
      expect(await get().state.get<number>('watermark')).toBe(42);
      await get().state.put('text', 'plain string');
      expect(await get().state.get('text')).toBe('plain string');
    });
  });
}
